package dev.pulse.faults;

import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.kafka.ScramUser;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each service needs on a cluster that allows nothing by default: docs/deployment.md lists the same grants as
 * {@code kafka-acls.sh} commands. A grant missing here fails the secured scenario; one too many is not detected, so
 * each is named for the call that needs it.
 */
final class PipelineAcls {
    private PipelineAcls() {}

    /** Writes readings to the raw topic (idempotent producer: Write on the topic implies IdempotentWrite). */
    static List<AclBinding> collector(ScramUser user, PipelineTopics topics) {
        Grants grants = new Grants(user);
        grants.topic(topics.raw().name(), AclOperation.WRITE, AclOperation.DESCRIBE);
        return grants.bindings;
    }

    /**
     * Kafka Streams under exactly-once: reads the raw topic in its group, writes the stream, dead-letter and alert
     * topics in transactions whose ids start with the application id, and creates and uses its internal topics
     * (changelogs), named after the application id too.
     */
    static List<AclBinding> processor(ScramUser user, PipelineTopics topics, String applicationId) {
        Grants grants = new Grants(user);
        grants.topic(topics.raw().name(), AclOperation.READ, AclOperation.DESCRIBE);
        for (String written : List.of(
                topics.dlq().name(),
                topics.analytics().name(),
                topics.memory().name(),
                topics.graph().name(),
                topics.alerts().name())) {
            grants.topic(written, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        grants.add(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ);
        grants.add(
                ResourceType.TRANSACTIONAL_ID,
                applicationId,
                PatternType.PREFIXED,
                AclOperation.WRITE,
                AclOperation.DESCRIBE);
        grants.add(
                ResourceType.TOPIC,
                applicationId,
                PatternType.PREFIXED,
                AclOperation.CREATE,
                AclOperation.READ,
                AclOperation.WRITE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        return grants.bindings;
    }

    /**
     * Reads the stream and alert topics by assignment (no consumer group, so no group ACL), and their configuration
     * (min.insync.replicas) for the Kafka status it tells clients.
     */
    static List<AclBinding> gateway(ScramUser user, PipelineTopics topics) {
        Grants grants = new Grants(user);
        for (String read : List.of(
                topics.analytics().name(),
                topics.memory().name(),
                topics.graph().name(),
                topics.alerts().name())) {
            grants.topic(read, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
        return grants.bindings;
    }

    /** Allow entries of one principal, from any host. */
    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(ScramUser user) {
            this.principal = user.principal();
        }

        void topic(String name, AclOperation... operations) {
            add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(
                        new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}

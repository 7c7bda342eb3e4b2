# One image recipe for every service; docker-compose.yml passes MODULE, MAIN_CLASS and PORT:
#   docker build --build-arg MODULE=gateway --build-arg MAIN_CLASS=dev.pulse.gateway.GatewayMain -t pulse/gateway .
# JDK_IMAGE and JRE_IMAGE name the base images (deploy/build-local-images makes local stand-ins for them).
# The default target builds the services from source with Maven inside the image. `--target runtime` is the same
# image without the service's jars: deploy/packaged/Dockerfile adds the jars a build on the host already made, the
# quick path of the tests (docs/deployment.md). The runtime stage comes first because Docker's legacy builder (the
# one docker-compose 1.29 uses) runs every stage up to its target, needed or not.
ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JRE_IMAGE} AS runtime
RUN useradd --system --uid 10001 --home-dir /var/lib/pulse --create-home pulse \
 && mkdir -p /var/lib/pulse/state && chown 10001 /var/lib/pulse/state
# A named volume mounted at the state directory takes this directory's owner: without it the volume is root's and
# the processor (uid 10001) exits 2 at start ("PROCESSOR_STATE_DIR: expected a writable directory").
WORKDIR /app
COPY config/jvm.options /app/jvm.options
ARG MAIN_CLASS
ARG PORT=8080
USER pulse
# The JVM flags of config/jvm.options (the file bin/service and the dev stack use too; JAVA_OPTS replaces them) and
# the malloc arena limit of bin/service and ServiceProcess (BENCHMARKS.md section 4).
ENV MAIN_CLASS=${MAIN_CLASS} \
    HEALTH_PORT=${PORT} \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="@/app/jvm.options"
EXPOSE ${PORT}
# The JRE image has no curl: bash's /dev/tcp asks /health.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf "GET /health HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
# The classpath is /app/lib/: the service's jar and its runtime dependencies (the last stage below copies them there).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' \"$MAIN_CLASS\""]

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Dependencies first, so a source change does not download the world again. Maven reads the whole reactor, so
# every module's pom is here (DockerfileTest checks the list against the parent pom).
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common/pom.xml common/
COPY ops/pom.xml ops/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY test-support/pom.xml test-support/
COPY sse-parser/pom.xml sse-parser/
COPY engine-model/pom.xml engine-model/
COPY engine-simulator/pom.xml engine-simulator/
COPY collector/pom.xml collector/
COPY processor/pom.xml processor/
COPY gateway/pom.xml gateway/
COPY service-process/pom.xml service-process/
COPY dev/pom.xml dev/
COPY system-tests/pom.xml system-tests/
COPY browser-tests/pom.xml browser-tests/
COPY fault-tests/pom.xml fault-tests/
COPY bench/pom.xml bench/
COPY deploy-tests/pom.xml deploy-tests/
COPY coverage/pom.xml coverage/
# The four services are built in one stage that does not depend on MODULE, so the four images share it: built once.
ARG SERVICES=engine-simulator,collector,processor,gateway
# The project's own modules are not in any repository yet: they are built in the next step, not downloaded.
RUN ./mvnw -B -q -pl ${SERVICES} -am dependency:go-offline -DexcludeGroupIds=dev.pulse
COPY . .
RUN ./mvnw -B -q -pl ${SERVICES} -am -Dmaven.test.skip=true -Djacoco.skip=true package

FROM runtime
ARG MODULE
COPY --from=build /src/${MODULE}/target/lib/ /app/lib/
COPY --from=build /src/${MODULE}/target/${MODULE}-*.jar /app/lib/

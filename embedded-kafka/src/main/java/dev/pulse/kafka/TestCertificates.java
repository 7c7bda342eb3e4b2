package dev.pulse.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made at test time and a broker certificate it signed for 127.0.0.1, written with the JDK's
 * {@code keytool} into PKCS12 stores: nothing secret is committed, and every run has keys of its own. Clients trust
 * {@link #truststore()}; the broker serves {@link #keystore()}. Host name verification stays on (the certificate names
 * the address the clients dial), as it would be against a real cluster.
 *
 * @param keystore the broker's key and certificate chain
 * @param truststore the authority's certificate, for clients and for the brokers' own connections to each other
 * @param password the password of both stores and of the broker's key
 */
public record TestCertificates(Path keystore, Path truststore, String password) {
    private static final String VALIDITY_DAYS = "2";

    /** Makes the authority and the broker's certificate in {@code dir}. */
    public static TestCertificates create(Path dir) {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path keystore = dir.resolve("broker.p12");
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool(password, "-genkeypair", "-alias", "ca", "-dname", "CN=pulse test CA", "-ext", "bc:c", "-keystore", ca);
        keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", caPem);
        keytool(password, "-genkeypair", "-alias", "broker", "-dname", "CN=127.0.0.1", "-keystore", keystore);
        keytool(password, "-certreq", "-alias", "broker", "-keystore", keystore, "-file", request);
        keytool(
                password,
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca,
                "-infile",
                request,
                "-outfile",
                signed,
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-ext",
                "eku=serverAuth,clientAuth");
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-keystore", keystore, "-file", caPem);
        keytool(password, "-importcert", "-alias", "broker", "-keystore", keystore, "-file", signed);
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-keystore", truststore, "-file", caPem);
        return new TestCertificates(keystore, truststore, password);
    }

    private static void keytool(String password, Object... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object argument : arguments) {
            command.add(argument.toString());
        }
        if (command.contains("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}

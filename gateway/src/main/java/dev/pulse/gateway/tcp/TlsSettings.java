package dev.pulse.gateway.tcp;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The gateway's certificate and key, from a PKCS#12 file ({@code GATEWAY_TLS_KEYSTORE}, with
 * {@code GATEWAY_TLS_KEYSTORE_PASSWORD}) or from PEM files ({@code GATEWAY_TLS_CERT}: the certificate chain, leaf
 * first; {@code GATEWAY_TLS_KEY}: an unencrypted PKCS#8 key, {@code -----BEGIN PRIVATE KEY-----}). Loaded at start-up,
 * so a bad file stops it naming the variable.
 *
 * @param keyStore a key store holding the key and chain
 * @param password the key store's and the key's password
 */
public record TlsSettings(KeyStore keyStore, String password) {
    private static final String ALIAS = "gateway";

    /** Empty when neither form is set. */
    public static Optional<TlsSettings> fromEnv(Env env) {
        Optional<String> p12 = env.raw("GATEWAY_TLS_KEYSTORE").filter(s -> !s.isBlank());
        Optional<String> cert = env.raw("GATEWAY_TLS_CERT").filter(s -> !s.isBlank());
        Optional<String> key = env.raw("GATEWAY_TLS_KEY").filter(s -> !s.isBlank());
        if (p12.isPresent() && (cert.isPresent() || key.isPresent())) {
            throw new ConfigException(
                    "GATEWAY_TLS_CERT", "unset when GATEWAY_TLS_KEYSTORE is set (one form)", cert.orElseGet(key::get));
        }
        if (p12.isPresent()) {
            String password = env.raw("GATEWAY_TLS_KEYSTORE_PASSWORD").orElse("");
            try (InputStream in = Files.newInputStream(Path.of(p12.get()))) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                return Optional.of(new TlsSettings(store, password));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new ConfigException(
                        "GATEWAY_TLS_KEYSTORE",
                        "a readable PKCS#12 file that GATEWAY_TLS_KEYSTORE_PASSWORD opens (" + e.getMessage() + ")",
                        p12.get());
            }
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(
                    cert.isPresent() ? "GATEWAY_TLS_KEY" : "GATEWAY_TLS_CERT",
                    "set together with " + (cert.isPresent() ? "GATEWAY_TLS_CERT" : "GATEWAY_TLS_KEY"),
                    "");
        }
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        Certificate[] chain = chain(cert.get());
        PrivateKey privateKey = privateKey(key.get());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            // A random password: the store lives only in memory.
            String password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(18));
            store.setKeyEntry(ALIAS, privateKey, password.toCharArray(), chain);
            return Optional.of(new TlsSettings(store, password));
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("GATEWAY_TLS_KEY", "a key that matches GATEWAY_TLS_CERT", key.get());
        }
    }

    private static Certificate[] chain(String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new ConfigException("GATEWAY_TLS_CERT", "a PEM file with at least one certificate", file);
            }
            return chain;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof ConfigException config) {
                throw config;
            }
            throw new ConfigException("GATEWAY_TLS_CERT", "a readable PEM certificate chain", file);
        }
    }

    private static PrivateKey privateKey(String file) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("GATEWAY_TLS_KEY", "a readable PEM file", file);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigException(
                    "GATEWAY_TLS_KEY",
                    "an unencrypted PKCS#8 PEM key, -----BEGIN PRIVATE KEY----- (openssl pkcs8 -topk8 -nocrypt)",
                    file);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException("GATEWAY_TLS_KEY", "an RSA, EC or Ed25519 PKCS#8 key", file);
    }
}

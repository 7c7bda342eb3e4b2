package dev.pulse.gateway.tcp;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An HTTPS connector that offers HTTP/2 through ALPN and falls back to HTTP/1.1: over HTTP/2 a browser's streams share
 * one connection, so a page is not held to six connections per host.
 */
public final class TlsConnector {
    private TlsConnector() {}

    public static ServerConnector create(Server server, HttpConfiguration plain, TlsSettings tls) {
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The Host header is checked against GATEWAY_PUBLIC_ORIGINS instead; clients reaching the gateway by address
        // (probes) send no matching SNI name.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStore(tls.keyStore());
        context.setKeyStorePassword(tls.password());
        SslConnectionFactory ssl = new SslConnectionFactory(context, alpn.getProtocol());
        return new ServerConnector(server, ssl, alpn, http2, http1);
    }
}

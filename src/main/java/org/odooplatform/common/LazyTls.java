package org.odooplatform.common;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of our HTTP clients: the JDK's default trust (the {@code cacerts} store, or
 * {@code javax.net.ssl.trustStore}), read at the first TLS handshake instead of when the client is built.
 * {@code HttpClient.newBuilder().build()} otherwise calls {@code SSLContext.getDefault()}, which parses
 * the whole CA store even for a plain-http registry or simulator: about a sixth of a short command's
 * start (bench/cli-start-bench.sh). Certificates are checked exactly as by the default context (the
 * same PKIX trust manager, host name included); only the moment it is loaded changes.
 */
public final class LazyTls {

    private LazyTls() {
    }

    /**
     * An HTTP client builder for {@code baseUrl}. For an http:// one (a loopback registry, the simulator;
     * our clients follow no redirect) the client gets a TLS context that sets itself up only if a TLS
     * connection is ever opened, and explicit parameters, so that building the client does no TLS work at
     * all (the JDK's TLS provider alone costs as much again as an empty JVM's start). For https:// the
     * context of {@link #context()}: the CA store is read at the first handshake.
     */
    public static HttpClient.Builder httpClientBuilder(String baseUrl) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (baseUrl.regionMatches(true, 0, "http://", 0, 7) && System.getProperty("javax.net.ssl.keyStore") == null) {
            return builder.sslContext(new Deferred()).sslParameters(new SSLParameters());
        }
        return builder.sslContext(context());
    }

    /** A context for {@code HttpClient.Builder.sslContext}; the JDK's default one when client certificates are configured. */
    public static SSLContext context() {
        try {
            if (System.getProperty("javax.net.ssl.keyStore") != null) {
                return SSLContext.getDefault(); // it reads the client certificates of javax.net.ssl.keyStore
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new LazyTrustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's TLS provider is not available: " + e.getMessage(), e);
        }
    }

    /** An SSLContext whose provider ({@link #context()}) is set up on its first use. */
    private static final class Deferred extends SSLContext {
        Deferred() {
            super(new DeferredSpi(), null, "TLS");
        }
    }

    private static final class DeferredSpi extends SSLContextSpi {
        private volatile SSLContext real;

        private SSLContext real() {
            SSLContext r = real;
            if (r == null) {
                synchronized (this) {
                    if (real == null) {
                        real = context();
                    }
                    r = real;
                }
            }
            return r;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }

    /** The JDK's default trust manager, built on first use (class initialisation: once, thread-safe). */
    private static final class Default {
        static final X509ExtendedTrustManager TRUST = load();

        private static X509ExtendedTrustManager load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509ExtendedTrustManager) {
                        return (X509ExtendedTrustManager) manager;
                    }
                }
                throw new IllegalStateException("the JDK's default trust manager is not an X509ExtendedTrustManager");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the JDK's trust store: " + e.getMessage(), e);
            }
        }
    }

    private static final class LazyTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            Default.TRUST.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            Default.TRUST.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            Default.TRUST.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            Default.TRUST.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Default.TRUST.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Default.TRUST.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Default.TRUST.getAcceptedIssuers();
        }
    }
}

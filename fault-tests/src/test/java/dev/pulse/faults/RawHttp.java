package dev.pulse.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request as raw bytes, for what a client library will not send (a foreign {@code Host} header): the
 * answer's status and text, an event stream cut after its first bytes.
 */
final class RawHttp {
    private RawHttp() {}

    record Reply(int status, String text) {}

    /** A request with these header lines ({@code Name: value\r\n} each) and a JSON body (or null). */
    static Reply send(int port, String method, String path, String headers, String jsonBody) {
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append(headers)
                .append("Connection: close\r\n");
        if (jsonBody != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(jsonBody.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n");
        }
        request.append("\r\n").append(jsonBody == null ? "" : jsonBody);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String text = read(socket.getInputStream());
            String[] first = text.split("\r\n", 2)[0].split(" ");
            return new Reply(first.length > 1 && first[1].matches("\\d{3}") ? Integer.parseInt(first[1]) : -1, text);
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0 && answer.size() < 64 * 1024; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.ISO_8859_1).contains("text/event-stream")) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // a stream that stays open: what arrived counts
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}

package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a client library refuses to send: raw bytes in the request line,
 * control characters, huge headers, bodies that lie about their length. Sends exactly the bytes given. Its requests are
 * malformed on purpose; each reply is checked against the API document ({@link ContractCheck}).
 */
final class RawHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    /** The start of what was sent (request line and headers), for the contract check. */
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private RawHttp(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    static RawHttp connect(int port) {
        try {
            return new RawHttp(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request, {@code Connection: close}: the request line and header lines as given, then the reply. */
    static Reply exchange(int port, String method, String target, String... headerLines) {
        return exchange(port, (method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1),
                headerLines);
    }

    static Reply exchange(int port, byte[] requestLine, String... headerLines) {
        try (RawHttp http = connect(port)) {
            http.send(requestLine);
            http.send(headers(headerLines).getBytes(StandardCharsets.ISO_8859_1));
            return http.reply();
        }
    }

    static String headers(String... headerLines) {
        StringBuilder head = new StringBuilder("Host: localhost\r\nConnection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Writes bytes; false when the server has already closed the connection. */
    boolean send(byte[] bytes) {
        if (sent.size() < 65_536) {
            sent.write(bytes, 0, Math.min(bytes.length, 65_536 - sent.size()));
        }
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server has started to answer (bytes are waiting to be read). */
    boolean answered() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    Reply reply() {
        try {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
                body = chunked();
            } else if (first(headers, "content-length") != null) {
                body = in.readNBytes(Integer.parseInt(first(headers, "content-length")));
            } else {
                body = in.readAllBytes();
            }
            Reply reply = new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
            checkContract(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closes the connection within {@code millis} (rather than waiting to read more). */
    boolean closedByServerWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            while (in.read() >= 0) {
                // discard anything after the reply
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: closed as well
        }
    }

    /** The request as sent (its line and header names) and this reply, against the API document. */
    private void checkContract(Reply reply) {
        String head = sent.toString(StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? head : head.substring(0, end)).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                requestHeaders.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        ContractCheck.verify(new ContractCheck.Exchange(requestLine[0],
                requestLine.length > 1 ? requestLine[1] : "", requestHeaders, null, reply.status(), reply.headers(),
                reply.body()), true);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        while (!line().isEmpty()) {
            // trailers
        }
        return body.toByteArray();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    record Reply(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return first(headers, name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String code() {
            return json().path("code").asText(null);
        }
    }
}

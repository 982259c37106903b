package uk.org.perusupportgroup.quipu.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local SMTP server for the delivery benchmark that keeps only what the benchmark counts: how many messages it
 * accepted and their Message-IDs. GreenMail keeps every message and a mailbox per address, and with 100,000 recipients
 * it becomes the slowest part of the run; this one answers SMTP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) as fast as
 * the connection allows, so the figure is the senders'.
 */
final class SmtpSink implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetServer server;
    private final AtomicLong accepted = new AtomicLong();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();

    SmtpSink() throws Exception {
        server = vertx.createNetServer().connectHandler(this::session);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    int port() {
        return server.actualPort();
    }

    long accepted() {
        return accepted.get();
    }

    int distinctMessageIds() {
        return messageIds.size();
    }

    private void session(NetSocket socket) {
        socket.write("220 sink ESMTP\r\n");
        boolean[] inData = {false};
        String[] messageId = {null};
        RecordParser lines = RecordParser.newDelimited("\r\n", line -> {
            String text = line.toString(StandardCharsets.ISO_8859_1);
            if (inData[0]) {
                if (text.equals(".")) {
                    inData[0] = false;
                    accepted.incrementAndGet();
                    if (messageId[0] != null) {
                        messageIds.add(messageId[0]);
                    }
                    socket.write("250 2.0.0 accepted\r\n");
                } else if (messageId[0] == null && text.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    messageId[0] = text.substring(11).strip();
                }
                return;
            }
            String verb = (text.length() >= 4 ? text.substring(0, 4) : text).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> socket.write("250-sink\r\n250-8BITMIME\r\n250 PIPELINING\r\n");
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> socket.write("250 2.0.0 ok\r\n");
                case "DATA" -> {
                    inData[0] = true;
                    messageId[0] = null;
                    socket.write("354 go ahead\r\n");
                }
                case "QUIT" -> socket.end(Buffer.buffer("221 2.0.0 bye\r\n"));
                default -> socket.write("502 5.5.2 not implemented\r\n");
            }
        });
        socket.handler(lines);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}

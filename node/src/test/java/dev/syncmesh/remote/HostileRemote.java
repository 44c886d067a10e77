package dev.syncmesh.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A federation "remote" on loopback that misbehaves, with raw sockets so that every byte is its
 * choice. The remote peer's name chooses how ({@code /federation/v1/peers/<name>/...}):
 *
 * <ul>
 *   <li>{@code huge-head}: the head's answer claims 3 GB and sends them, a JSON string without end;
 *   <li>{@code stalled-head}: the head's answer sends its headers and four bytes, then nothing;
 *   <li>{@code huge-fetch}: a head, then a 3 GB pack of ever new (valid) objects;
 *   <li>{@code dripping-fetch}: a head, then a pack whose first object trickles, a byte every 200 ms;
 *   <li>{@code endless-fetch}: a head, then empty packs that each say more follows.
 * </ul>
 *
 * It counts, per name, the requests, the body bytes it managed to write, and the connections the
 * client closed while it was still answering (the proof that a read was broken off, not
 * abandoned).
 */
final class HostileRemote implements AutoCloseable {
  static final long THREE_GB = 3L << 30;
  /** A head the remote claims; the node cannot have it, so it fetches. */
  static final String HEAD = "ab".repeat(32);

  private final ServerSocket server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> cutOff = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  HostileRemote() {
    try {
      server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "hostile-remote");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int requests(String name) {
    return requests.getOrDefault(name, new AtomicInteger()).get();
  }

  long bytesWritten(String name) {
    return written.getOrDefault(name, new AtomicLong()).get();
  }

  int cutOff(String name) {
    return cutOff.getOrDefault(name, new AtomicInteger()).get();
  }

  private void accept() {
    while (closed.getCount() > 0) {
      try {
        Socket socket = server.accept();
        Thread connection = new Thread(() -> serve(socket), "hostile-remote-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String requestLine = readRequest(in);
        if (requestLine == null) {
          return;
        }
        String path = requestLine.split(" ")[1];
        String[] parts = path.split("/"); // "", federation, v1, peers, <name>, head|fetch
        String name = parts.length > 4 ? parts[4] : "";
        String operation = parts.length > 5 ? parts[5].replaceAll("\\?.*", "") : "";
        requests.computeIfAbsent(name + "/" + operation, k -> new AtomicInteger()).incrementAndGet();
        requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        try {
          answer(name, operation, out, in);
        } catch (IOException brokenOff) {
          cutOff.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          return;
        }
      }
    } catch (IOException e) {
      // the client went away between requests
    }
  }

  private void answer(String name, String operation, OutputStream out, InputStream in)
      throws IOException {
    AtomicLong count = written.computeIfAbsent(name, k -> new AtomicLong());
    if (operation.equals("head")) {
      if (name.equals("huge-head")) {
        headers(out, "application/json", THREE_GB);
        byte[] start = "{\"head\":\"".getBytes(StandardCharsets.US_ASCII);
        out.write(start);
        byte[] filler = new byte[64 << 10];
        Arrays.fill(filler, (byte) 'a');
        for (long sent = start.length; sent < THREE_GB; sent += filler.length) {
          out.write(filler);
          count.addAndGet(filler.length);
        }
        return;
      }
      if (name.equals("stalled-head")) {
        headers(out, "application/json", 100);
        out.write("{\"he".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        awaitClientGone(in);
        return;
      }
      byte[] head = ("{\"peer\":\"" + name + "\",\"head\":\"" + HEAD + "\"}").getBytes(StandardCharsets.US_ASCII);
      headers(out, "application/json", head.length);
      out.write(head);
      out.flush();
      return;
    }
    switch (name) {
      case "huge-fetch" -> {
        headers(out, "application/x-syncmesh-pack", THREE_GB);
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.write("SMPK".getBytes(StandardCharsets.US_ASCII));
        start.write(1);
        start.write(0x10);
        start.write(hex(HEAD));
        out.write(start.toByteArray());
        for (long i = 0; count.get() < THREE_GB; i++) {
          byte[] frame = blobFrame(i);
          out.write(frame);
          count.addAndGet(frame.length);
        }
      }
      case "dripping-fetch" -> {
        // A section, then a blob that says it has 1,000 bytes and sends one every 200 ms.
        headers(out, "application/x-syncmesh-pack", THREE_GB);
        out.write("SMPK".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0x10);
        out.write(hex(HEAD));
        out.write(new byte[] {1, (byte) 0xE8, 0x07});
        out.flush();
        while (true) {
          sleep(200);
          out.write(' ');
          out.flush();
          count.incrementAndGet();
        }
      }
      case "endless-fetch" -> {
        // An empty pack that says more follows: header, END, 0 objects, 0 bytes, flag 1.
        byte[] pack = {'S', 'M', 'P', 'K', 1, 0, 0, 0, 1};
        headers(out, "application/x-syncmesh-pack", pack.length);
        out.write(pack);
        out.flush();
        count.addAndGet(pack.length);
      }
      default -> {
        headers(out, "application/json", 0);
        out.flush();
      }
    }
  }

  /** A blob of about 16 KiB, new for every {@code i}: kind 1, length (LEB128), canonical JSON. */
  private static byte[] blobFrame(long i) {
    byte[] value =
        ("{\"filler\":\"" + "x".repeat(16 << 10) + "\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(value.length + 8);
    frame.write(1);
    long length = value.length;
    while ((length & ~0x7FL) != 0) {
      frame.write((int) ((length & 0x7F) | 0x80));
      length >>>= 7;
    }
    frame.write((int) length);
    frame.writeBytes(value);
    return frame.toByteArray();
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  private static void headers(OutputStream out, String type, long length) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }

  /** Blocks until the client closes the connection (then throws, as a cut-off answer). */
  private static void awaitClientGone(InputStream in) throws IOException {
    while (in.read() >= 0) {
      // whatever the client sends while it waits
    }
    throw new IOException("the client closed the connection");
  }

  /** The request line, after reading the headers and any Content-Length body; null at the end. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    long length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.readNBytes((int) length);
    return text.substring(0, text.indexOf("\r\n"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
  }
}

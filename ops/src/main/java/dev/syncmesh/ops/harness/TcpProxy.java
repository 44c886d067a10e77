package dev.syncmesh.ops.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a server, for measuring and breaking what travels between two nodes:
 * counts the bytes in each direction (HTTP framing included: what the network carries), and can
 * cut every connection once the server has sent a given number of bytes, holding back everything
 * after that point and refusing new connections until {@link #reopen}, so a test breaks a transfer
 * at a known place, and decides when it may go on, without racing it.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile long cutAfter = Long.MAX_VALUE;
  private volatile CountDownLatch cut = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile boolean held;

  private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A relay on 127.0.0.1 (a free port) to the server of {@code target}. */
  public static TcpProxy to(URI target) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      TcpProxy proxy = new TcpProxy(listener, target.getHost(), target.getPort());
      Thread accepting = new Thread(proxy::accept, "tcp-proxy-accept");
      accepting.setDaemon(true);
      accepting.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the server, through the relay. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Bytes from the clients to the server so far. */
  public long bytesToServer() {
    return sent.get();
  }

  /** Bytes from the server to the clients so far. */
  public long bytesFromServer() {
    return received.get();
  }

  /**
   * From now on, once the server has sent {@code bytes} more, nothing more is passed on, every open
   * connection is closed and new ones are closed at once until {@link #reopen}; {@link #awaitCut}
   * returns then.
   */
  public void cutAfter(long bytes) {
    cut = new CountDownLatch(1);
    cutAfter = received.get() + bytes;
  }

  /** Lets connections through again after a cut. */
  public void reopen() {
    held = false;
  }

  /** Waits until a cut armed by {@link #cutAfter} has happened; false if not within the time. */
  public boolean awaitCut(Duration within) throws InterruptedException {
    return cut.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (held) {
          client.close();
          continue;
        }
        Socket server;
        try {
          server = new Socket(targetHost, targetPort);
        } catch (IOException e) {
          client.close(); // the server is down: so is the relay, for this connection
          continue;
        }
        client.setTcpNoDelay(true); // relay as the endpoints write, without delays of its own
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        relay(client, server, sent, false);
        relay(server, client, received, true);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("tcp proxy: " + e);
        }
      }
    }
  }

  private void relay(Socket from, Socket to, AtomicLong counter, boolean fromServer) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (fromServer && counter.get() + n >= cutAfter) {
                    int allowed = (int) Math.max(0, cutAfter - counter.get());
                    out.write(buffer, 0, allowed);
                    out.flush();
                    counter.addAndGet(allowed);
                    cutAll();
                    return;
                  }
                  out.write(buffer, 0, n);
                  counter.addAndGet(n);
                }
              } catch (IOException e) {
                // One side closed; the other follows.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-relay");
    thread.setDaemon(true);
    thread.start();
  }

  private void cutAll() {
    held = true;
    cutAfter = Long.MAX_VALUE;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
    cut.countDown();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(TcpProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is left to do.
    }
  }
}

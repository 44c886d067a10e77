package dev.syncmesh.ops.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a free loopback port in front of a server (a database), for taking the server away
 * from its clients: {@link #cut()} closes every relayed connection and closes each new one as soon
 * as it is accepted, until {@link #restore()}. The clients see what they see when a database server
 * goes away: their connections break and reconnecting fails at once.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean cut;
  private volatile boolean closed;

  private CuttableProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** A relay to {@code host:port}, accepting on 127.0.0.1 at {@link #port()}. */
  static CuttableProxy to(String host, int port) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CuttableProxy proxy = new CuttableProxy(listener, new InetSocketAddress(host, port));
      daemon(proxy::accept, "cuttable-proxy-accept").start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection and, until {@link #restore()}, every new one at once. */
  void cut() {
    cut = true;
    open.forEach(CuttableProxy::closeQuietly);
    open.clear();
  }

  /** Relays new connections again. */
  void restore() {
    cut = false;
  }

  /** Connections closed on arrival while cut. */
  int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(CuttableProxy::closeQuietly);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends), or one failed accept
      }
      if (cut) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(target, 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      open.add(client);
      open.add(server);
      if (cut) { // cut while connecting: this connection was not in the set yet
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      daemon(() -> pump(client, server), "cuttable-proxy-up").start();
      daemon(() -> pump(server, client), "cuttable-proxy-down").start();
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // One side closed or was cut; the other side is closed below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all there is to do.
    }
  }
}

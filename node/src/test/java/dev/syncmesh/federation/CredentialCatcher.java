package dev.syncmesh.federation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two hostile HTTP servers on loopback: one records every request it gets (and the credential it
 * carries), the other answers every request with a redirect to the first. A node must never send
 * the first anything it was not pointed at, and never follow the second's redirects.
 */
final class CredentialCatcher implements AutoCloseable {
  private final HttpServer catching;
  private final HttpServer redirecting;
  private final List<String> caught = new CopyOnWriteArrayList<>();
  private final AtomicInteger redirects = new AtomicInteger();

  CredentialCatcher() {
    try {
      catching = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    catching.createContext("/", exchange -> {
      caught.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
          + " Authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    redirecting.createContext("/", exchange -> {
      redirects.incrementAndGet();
      exchange.getResponseHeaders().set("Location", catching() + exchange.getRequestURI());
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    catching.start();
    redirecting.start();
  }

  /** The origin of the server that records what it gets. */
  String catching() {
    return "http://127.0.0.1:" + catching.getAddress().getPort();
  }

  /** The origin of the server that redirects everything to {@link #catching()}. */
  String redirecting() {
    return "http://127.0.0.1:" + redirecting.getAddress().getPort();
  }

  List<String> caught() {
    return caught;
  }

  int redirects() {
    return redirects.get();
  }

  @Override
  public void close() {
    catching.stop(0);
    redirecting.stop(0);
  }
}

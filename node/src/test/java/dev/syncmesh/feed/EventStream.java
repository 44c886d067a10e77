package dev.syncmesh.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of a server-sent event stream for tests: reads the stream on a thread of its own,
 * keeping each event (its id, type and data) and counting heartbeats (events with neither data
 * nor type); {@link #close} hangs up, as a client that goes away does.
 */
final class EventStream implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Event(String id, String type, String data) {}

  private final HttpResponse<InputStream> response;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final Thread reader;
  private volatile boolean ended;

  private EventStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "event-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code uri} with extra headers (name, value, ...); answers once the headers arrived. */
  static EventStream open(URI uri, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    try {
      return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  List<String> ids() {
    return events.stream().map(Event::id).toList();
  }

  int heartbeats() {
    return heartbeats.get();
  }

  boolean ended() {
    return ended;
  }

  private void read() {
    String id = null;
    String type = null;
    StringBuilder data = null;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (type == null && (data == null || data.length() == 0)) {
            heartbeats.incrementAndGet();
          } else {
            events.add(new Event(id, type, data == null ? "" : data.toString()));
          }
          id = null;
          type = null;
          data = null;
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5));
        }
      }
    } catch (IOException e) {
      // closed by this side: the test hung up
    } finally {
      ended = true;
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    response.body().close();
    reader.join(Duration.ofSeconds(10).toMillis());
  }
}

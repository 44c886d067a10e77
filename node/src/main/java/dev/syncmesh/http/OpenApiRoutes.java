package dev.syncmesh.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /openapi.json} under {@code /api}: the OpenAPI 3.1 description of {@code /api} and
 * {@code /federation/v1}, the resource {@value #RESOURCE} as it is kept in the repository. It sits
 * behind the API token like every {@code /api} call (docs/API.md): the repository has the same
 * document for anyone without one.
 */
public final class OpenApiRoutes extends AllDirectives {
  public static final String RESOURCE = "/openapi/syncmesh-openapi.json";

  private final byte[] document;

  public OpenApiRoutes() {
    this.document = load();
  }

  public Route route() {
    return path(
        "openapi.json",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, document))));
  }

  /** The document's bytes; a node built without it is broken, so this fails its start. */
  static byte[] load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the node's jar has no " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
    }
  }
}

package dev.syncmesh.http;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard, {@code /ui}: static pages, scripts and styles from the node's jar (the resource
 * folder {@value #FOLDER}), which read and change the mesh through {@code /api} from the browser.
 * The assets hold no data and are served without the API token; every call they make carries the
 * token the person typed into the page (kept in the tab's session storage only), so the token
 * guards the data exactly as it does for any client. {@code /} and {@code /ui} send the browser to
 * {@code /ui/}.
 *
 * <p>Every asset is answered with a content security policy that lets the page run only its own
 * scripts and styles and talk only to its own origin, never be framed, and send no referrer: the
 * records it shows are other people's data, and the pages write them as text, never as markup.
 */
public final class UiRoutes extends AllDirectives {
  /** Where the assets are, on the classpath. */
  public static final String FOLDER = "ui";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final List<HttpHeader> HEADERS =
      List.of(
          RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "no-referrer"),
          RawHeader.create("X-Frame-Options", "DENY"),
          // Revalidated on every load (Last-Modified), so a node that was upgraded serves its own.
          RawHeader.create("Cache-Control", "no-cache"));

  public Route route() {
    // The method is checked inside each path, so that other paths' rejections stay their own.
    return concat(
        pathSingleSlash(() -> get(() -> redirect("/ui/"))),
        pathPrefix(
            PathMatchers.segment(FOLDER),
            () ->
                get(
                    () ->
                        concat(
                            pathEnd(() -> redirect("/ui/")),
                            respondWithHeaders(
                                HEADERS,
                                () ->
                                    concat(
                                        pathSingleSlash(() -> getFromResource(FOLDER + "/index.html")),
                                        getFromResourceDirectory(FOLDER)))))));
  }

  private Route redirect(String to) {
    return redirect(org.apache.pekko.http.javadsl.model.Uri.create(to), StatusCodes.FOUND);
  }
}

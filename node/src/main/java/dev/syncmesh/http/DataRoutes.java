package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.peer.JsonLinesImport;
import dev.syncmesh.peer.PeerReader;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Data in and out as JSON lines (docs/API.md): {@code GET /peers/{peer}/export} streams a peer's
 * records, a page at a time, and {@code POST /peers/{peer}/import} streams a file of any size in
 * ({@link JsonLinesImport}); both in {@code application/x-ndjson}.
 */
public final class DataRoutes extends AllDirectives {
  /** The longest line an import takes: a record's largest value and room for its key. */
  static final int MAX_LINE_BYTES = RecordValue.MAX_BYTES + (64 << 10);

  private static final int LINES_PER_GROUP = 1000;
  private static final int EXPORT_PAGE = 1000;
  private static final ContentType NDJSON =
      ContentTypes.create(MediaTypes.applicationWithOpenCharset("x-ndjson"), HttpCharsets.UTF_8);
  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private final PeerService peers;
  private final JsonLinesImport imports;
  private final Duration importTimeout;

  public DataRoutes(PeerService peers, JsonLinesImport imports, Duration importTimeout) {
    this.peers = peers;
    this.imports = imports;
    this.importTimeout = importTimeout;
  }

  public Route route() {
    return PeerRoutes.ofPeer(
        name ->
            concat(
                path("export", () -> get(() -> export(PeerName.of(name)))),
                path("import", () -> post(() -> importLines(PeerName.of(name))))));
  }

  private Route export(PeerName peer) {
    return parameterOptional(
        "collection",
        collection ->
            parameterOptional(
                "idField",
                idField ->
                    parameterOptional(
                        "at",
                        at -> {
                          String only = RequestInputs.collection(collection);
                          Hash commit = RequestInputs.commit(at);
                          String field = idField.filter(f -> !f.isBlank()).orElse(null);
                          if (field != null && only == null) {
                            throw new InvalidInputException(
                                "invalid-parameter", "an export by idField needs the collection");
                          }
                          // The first page is read before answering: a missing peer or commit is
                          // an error status, not a broken stream.
                          return onSuccess(
                              peers.list(peer, only, null, EXPORT_PAGE, commit),
                              first ->
                                  complete(
                                      HttpResponse.create()
                                          .withEntity(
                                              HttpEntities.createChunked(
                                                  NDJSON, lines(peer, only, commit, field, first)))));
                        })));
  }

  /** Every record from {@code first} on, page after page, as lines. */
  private Source<ByteString, NotUsed> lines(
      PeerName peer, String collection, Hash at, String idField, PeerReader.Page first) {
    return Source.unfoldAsync(
            Optional.of(first),
            page -> {
              if (page.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              PeerReader.Page now = page.get();
              CompletionStage<Optional<PeerReader.Page>> next =
                  now.next() == null
                      ? CompletableFuture.completedFuture(Optional.empty())
                      : peers.list(peer, collection, now.next(), EXPORT_PAGE, at).thenApply(Optional::of);
              return next.thenApply(following -> Optional.of(Pair.create(following, now.records())));
            })
        .mapConcat(records -> records)
        .map(record -> line(record, idField));
  }

  private static ByteString line(PeerReader.StoredRecord record, String idField) {
    JsonNode value = record.value().json();
    if (idField != null) {
      JsonNode id = value.get(idField);
      if (id == null || !id.isTextual() || !id.textValue().equals(record.key().id())) {
        throw new IllegalStateException(
            "record " + record.key() + " does not carry its id in \"" + idField + "\": export it with keys");
      }
      return ByteString.fromArray(CanonicalJson.bytes(value)).concat(NEWLINE);
    }
    ObjectNode line = CanonicalJson.mapper().createObjectNode();
    line.put("key", record.key().toString());
    line.set("value", value);
    return ByteString.fromString(CanonicalJson.text(line), StandardCharsets.UTF_8).concat(NEWLINE);
  }

  private Route importLines(PeerName peer) {
    return parameterOptional(
        "collection",
        collection ->
            parameterOptional(
                "idField",
                idField ->
                    parameterOptional(
                        "message",
                        message ->
                            parameterOptional(
                                "commitEvery",
                                every ->
                                    parameterOptional(
                                        "skipBad",
                                        skipBad ->
                                            optionalHeaderValueByName(
                                                "X-Actor",
                                                actor ->
                                                    run(
                                                        peer,
                                                        new JsonLinesImport.Options(
                                                            RequestInputs.collection(collection),
                                                            idField.filter(f -> !f.isBlank()).orElse(null),
                                                            RequestInputs.message(message.orElse(null)),
                                                            RequestInputs.actor(actor),
                                                            RequestInputs.limit(
                                                                every,
                                                                "commitEvery",
                                                                JsonLinesImport.MAX_COMMIT_RECORDS,
                                                                JsonLinesImport.MAX_COMMIT_RECORDS),
                                                            flag(skipBad)))))))));
  }

  private Route run(PeerName peer, JsonLinesImport.Options options) {
    return withRequestTimeout(
        importTimeout,
        () ->
            extractMaterializer(
                materializer ->
                    extractRequestEntity(
                        entity -> {
                          if (!entity.getContentType().mediaType().toString().equals(ApiRoute.STREAMED)) {
                            return Problem.of(
                                    StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                                    Problem.UNSUPPORTED_MEDIA_TYPE,
                                    "an import is application/x-ndjson: one JSON value a line")
                                .complete();
                          }
                          CompletionStage<JsonLinesImport.Result> done =
                              imports
                                  .start(peer, options)
                                  .thenCompose(
                                      run ->
                                          entity
                                              .withoutSizeLimit()
                                              .getDataBytes()
                                              .via(Framing.delimiter(NEWLINE, MAX_LINE_BYTES, FramingTruncation.ALLOW))
                                              .zipWithIndex()
                                              .map(
                                                  pair ->
                                                      new JsonLinesImport.Line(
                                                          pair.second() + 1, pair.first().toArray()))
                                              .grouped(LINES_PER_GROUP)
                                              .mapAsync(1, run::accept)
                                              .runWith(Sink.ignore(), materializer)
                                              .exceptionally(DataRoutes::tooLong)
                                              .thenCompose(finished -> run.finish()));
                          return onSuccess(done, Json::ok);
                        })));
  }

  /** A line past {@link #MAX_LINE_BYTES} stops the stream: refused, nothing committed. */
  private static org.apache.pekko.Done tooLong(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
    if (cause instanceof org.apache.pekko.stream.scaladsl.Framing.FramingException) {
      throw new InvalidInputException(
          "invalid-import",
          "a line is longer than " + MAX_LINE_BYTES + " bytes, nothing imported: " + cause.getMessage());
    }
    throw failure instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(failure);
  }

  private static boolean flag(Optional<String> given) {
    if (given.isEmpty() || given.get().equals("false")) {
      return false;
    }
    if (given.get().equals("true")) {
      return true;
    }
    throw new InvalidInputException(
        "invalid-parameter", "skipBad must be true or false");
  }
}

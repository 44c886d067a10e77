package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.peer.AutocommitMode;
import dev.syncmesh.peer.IfMatch;
import dev.syncmesh.peer.PeerReader;
import dev.syncmesh.peer.PeerReply.RecordWrite;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The peer API (docs/API.md): peers, records, transactions, commits, autocommit,
 * working set, log and diff. Routes only translate HTTP: they check every input before calling
 * {@link PeerService}, and turn its refusals into problems.
 */
public final class PeerRoutes extends AllDirectives {
  static final String COMMIT_HEADER = "SyncMesh-Commit";
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;
  static final int DEFAULT_LOG = 20;
  static final int MAX_LOG = 1000;
  /** Changes listed in a page of a diff or the working set, and by default. */
  static final int MAX_CHANGES = PeerReader.MAX_LISTED_CHANGES;
  static final int MAX_TRANSACTION_WRITES = 100_000;

  record CreatePeer(String name) {}

  record TransactionWrite(String key, JsonNode value) {}

  record Transaction(String message, String actor, List<TransactionWrite> writes) {}

  record CommitRequest(String message, String actor) {}

  record ModeRequest(String mode) {}

  private final PeerService peers;

  public PeerRoutes(PeerService peers) {
    this.peers = peers;
  }

  public Route route() {
    return pathPrefix(
        "peers",
        () ->
            concat(
                pathEnd(() -> concat(get(this::listPeers), post(this::createPeer))),
                pathPrefix(PathMatchers.segment(), this::peer)));
  }

  /**
   * Routes under {@code /peers/{name}/} that other route classes serve (data in and out, the
   * change feed); each checks the name once its own path matched.
   */
  static Route ofPeer(Function<String, Route> inner) {
    return Directives.pathPrefix(
        "peers", () -> Directives.pathPrefix(PathMatchers.segment(), inner::apply));
  }

  private Route listPeers() {
    return parameterOptional(
        "limit",
        limit ->
            parameterOptional(
                "after",
                after ->
                    onSuccess(
                        peers.list(
                            after.filter(text -> !text.isEmpty()).map(PeerName::of).orElse(null),
                            RequestInputs.limit(limit, "limit", MAX_PAGE, MAX_PAGE)),
                        page -> Json.ok(new PeerJson.Peers(page.names(), page.next())))));
  }

  private Route createPeer() {
    return entity(
        Json.unmarshaller(CreatePeer.class),
        body ->
            onSuccess(
                peers.create(PeerName.of(body.name())),
                info -> Json.complete(StatusCodes.CREATED, PeerJson.info(info))));
  }

  private Route peer(String name) {
    return concat(
        pathEnd(
            () -> get(() -> onSuccess(peers.describe(PeerName.of(name)), i -> Json.ok(PeerJson.info(i))))),
        pathPrefix(
            "records",
            () ->
                concat(
                    pathEnd(() -> get(() -> listRecords(PeerName.of(name)))),
                    path(
                        PathMatchers.segment().slash(PathMatchers.segment()),
                        (collection, id) -> record(name, collection, id)))),
        path("transactions", () -> post(() -> transaction(PeerName.of(name)))),
        path("commit", () -> post(() -> commit(PeerName.of(name)))),
        path(
            "autocommit",
            () ->
                concat(
                    get(
                        () ->
                            onSuccess(
                                peers.autocommit(PeerName.of(name)),
                                mode -> Json.ok(new PeerJson.Mode(mode)))),
                    put(() -> setAutocommit(PeerName.of(name))))),
        path("working-set", () -> get(() -> workingSet(PeerName.of(name)))),
        path("log", () -> get(() -> log(PeerName.of(name)))),
        path("diff", () -> get(() -> diff(PeerName.of(name)))));
  }

  private Route record(String name, String collection, String id) {
    return concat(
        put(
            () ->
                writeHeaders(
                    (actor, ifMatch) -> {
                      PeerName peer = PeerName.of(name);
                      RecordKey key = new RecordKey(collection, id);
                      return entity(
                          Json.tree(),
                          body ->
                              onSuccess(
                                  peers.put(peer, key, RecordValue.of(body), ifMatch, actor),
                                  this::written));
                    })),
        get(
            () ->
                parameterOptional(
                    "at",
                    at -> {
                      PeerName peer = PeerName.of(name);
                      RecordKey key = new RecordKey(collection, id);
                      return onSuccess(
                          peers.get(peer, key, RequestInputs.commit(at)),
                          record ->
                              complete(
                                  HttpResponse.create()
                                      .withEntity(
                                          ContentTypes.APPLICATION_JSON,
                                          record.value().canonicalBytes())
                                      .addHeader(etag(record.hash().hex()))));
                    })),
        delete(
            () ->
                writeHeaders(
                    (actor, ifMatch) ->
                        onSuccess(
                            peers.delete(
                                PeerName.of(name), new RecordKey(collection, id), ifMatch, actor),
                            this::written))));
  }

  /** The headers of a write: {@code X-Actor} (who) and {@code If-Match} (the condition). */
  private Route writeHeaders(BiFunction<String, IfMatch, Route> inner) {
    return optionalHeaderValueByName(
        "X-Actor",
        actor ->
            optionalHeaderValueByName(
                "If-Match",
                ifMatch ->
                    inner.apply(
                        RequestInputs.actor(actor), ifMatch.map(IfMatch::parse).orElse(null))));
  }

  private Route written(RecordWrite write) {
    StatusCode status = write.created() ? StatusCodes.CREATED : StatusCodes.OK;
    HttpResponse response =
        HttpResponse.create()
            .withStatus(status)
            .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(PeerJson.written(write)));
    if (write.hash() != null) {
      response = response.addHeader(etag(write.hash().hex()));
    }
    if (write.commit() != null) {
      response = response.addHeader(RawHeader.create(COMMIT_HEADER, write.commit().hex()));
    }
    return complete(response);
  }

  private Route listRecords(PeerName peer) {
    return parameterOptional(
        "collection",
        collection ->
            parameterOptional(
                "limit",
                limit ->
                    parameterOptional(
                        "after",
                        after ->
                            parameterOptional(
                                "at",
                                at ->
                                    onSuccess(
                                        peers.list(
                                            peer,
                                            RequestInputs.collection(collection),
                                            RequestInputs.key(after),
                                            RequestInputs.limit(limit, "limit", DEFAULT_PAGE, MAX_PAGE),
                                            RequestInputs.commit(at)),
                                        page -> Json.ok(PeerJson.page(page)))))));
  }

  private Route transaction(PeerName peer) {
    return entity(
        Json.unmarshaller(Transaction.class),
        body -> {
          List<PeerService.Write> writes = writes(body.writes());
          return onSuccess(
              peers.transaction(
                  peer,
                  writes,
                  RequestInputs.message(body.message()),
                  RequestInputs.actor(Optional.ofNullable(body.actor()))),
              done -> Json.ok(PeerJson.committed(done)));
        });
  }

  private static List<PeerService.Write> writes(List<TransactionWrite> given) {
    if (given == null || given.isEmpty() || given.size() > MAX_TRANSACTION_WRITES) {
      throw new InvalidInputException(
          Problem.INVALID_REQUEST,
          "a transaction needs 1 to " + MAX_TRANSACTION_WRITES + " writes in \"writes\"");
    }
    List<PeerService.Write> writes = new ArrayList<>(given.size());
    Set<RecordKey> keys = new HashSet<>();
    for (TransactionWrite write : given) {
      if (write == null) {
        throw new InvalidInputException(Problem.INVALID_REQUEST, "a write must be {\"key\",\"value\"}");
      }
      RecordKey key = RecordKey.parse(write.key());
      if (!keys.add(key)) {
        throw new InvalidInputException(
            Problem.INVALID_REQUEST, "the transaction writes " + key + " more than once");
      }
      if (write.value() == null) {
        throw new InvalidInputException(
            Problem.INVALID_REQUEST, "the write of " + key + " has no \"value\" (null deletes)");
      }
      if (write.value().isNull()) {
        writes.add(new PeerService.Write(key, null));
      } else {
        writes.add(new PeerService.Write(key.requireAddressable(), RecordValue.of(write.value())));
      }
    }
    return writes;
  }

  /** The body is optional: no body commits with a generated message as {@code api}. */
  private Route commit(PeerName peer) {
    return extractRequestEntity(
        entity -> {
          if (entity.isKnownEmpty()) {
            return commitWith(peer, new CommitRequest(null, null));
          }
          return entity(Json.unmarshaller(CommitRequest.class), body -> commitWith(peer, body));
        });
  }

  private Route commitWith(PeerName peer, CommitRequest body) {
    return onSuccess(
        peers.commit(
            peer,
            RequestInputs.message(body.message()),
            RequestInputs.actor(Optional.ofNullable(body.actor()))),
        done -> Json.ok(PeerJson.committed(done)));
  }

  private Route setAutocommit(PeerName peer) {
    return entity(
        Json.unmarshaller(ModeRequest.class),
        body ->
            onSuccess(
                peers.setAutocommit(peer, AutocommitMode.parse(body.mode())),
                mode -> Json.ok(new PeerJson.Mode(mode))));
  }

  private Route log(PeerName peer) {
    return parameterOptional(
        "limit",
        limit ->
            parameterOptional(
                "after",
                after ->
                    onSuccess(
                        peers.log(
                            peer,
                            RequestInputs.commit(after),
                            RequestInputs.limit(limit, "limit", DEFAULT_LOG, MAX_LOG)),
                        page -> Json.ok(PeerJson.log(page)))));
  }

  private Route workingSet(PeerName peer) {
    return changesPage(
        (after, limit) ->
            onSuccess(
                peers.workingSet(peer, after, limit),
                changes -> Json.ok(PeerJson.workingSet(changes))));
  }

  private Route diff(PeerName peer) {
    return parameterOptional(
        "from",
        from ->
            parameterOptional(
                "to",
                to ->
                    changesPage(
                        (after, limit) ->
                            onSuccess(
                                peers.diff(
                                    peer,
                                    RequestInputs.commit(from),
                                    RequestInputs.commit(to),
                                    after,
                                    limit),
                                diff -> Json.ok(PeerJson.diff(diff))))));
  }

  /** The {@code after} (a key) and {@code limit} of a page of changes. */
  private Route changesPage(BiFunction<RecordKey, Integer, Route> inner) {
    return parameterOptional(
        "after",
        after ->
            parameterOptional(
                "limit",
                limit ->
                    inner.apply(
                        RequestInputs.key(after),
                        RequestInputs.limit(limit, "limit", MAX_CHANGES, MAX_CHANGES))));
  }

  private static ETag etag(String hash) {
    return ETag.create(EntityTag.create(hash, false));
  }
}

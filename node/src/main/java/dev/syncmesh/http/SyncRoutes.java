package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.sync.Access;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.RemoteMode;
import dev.syncmesh.sync.RemoteUpdate;
import dev.syncmesh.sync.SessionKind;
import dev.syncmesh.sync.SyncResult;
import dev.syncmesh.sync.SyncService;
import dev.syncmesh.sync.TrackingHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The sync API (docs/API.md): remotes, sessions, status, history, manual
 * resolution and access lists. Like {@link PeerRoutes}, routes check every input, then call {@link
 * SyncService}.
 */
public final class SyncRoutes extends AllDirectives {
  static final int DEFAULT_HISTORY = 20;
  static final int MAX_HISTORY = 1000;
  private static final Set<String> REMOTE_FIELDS =
      Set.of("peer", "url", "credential", "push", "syncEverySeconds", "strategy", "mergeRules", "mode");
  private static final Set<String> SYNC_FIELDS = Set.of("remote", "strategy", "wait", "followUp", "dryRun");
  private static final Set<String> SESSION_FIELDS = Set.of("remote", "strategy", "wait", "followUp");
  private static final Set<String> RESOLVE_FIELDS = Set.of("key", "field", "choice", "value");
  private static final Set<String> ACCESS_FIELDS = Set.of("pull", "push");
  private static final Set<String> MERGE_RULES_FIELDS = Set.of("rules");

  record Remotes(List<Remote> remotes, java.util.Map<String, TrackingHead> tracking) {}

  record SessionId(String sessionId) {}

  record Results(List<SyncResult> results, String next) {}

  record Unresolved(int unresolved) {}

  record MergeCommitted(dev.syncmesh.protocol.model.Hash commit) {}

  record Aborted(boolean aborted) {}

  record Rules(MergeRules rules) {}

  /** A result with the follow-up sessions' results: the result's fields and {@code followUps}. */
  record Chained(@com.fasterxml.jackson.annotation.JsonUnwrapped SyncResult result, List<SyncResult> followUps) {}

  private final SyncService sync;

  public SyncRoutes(SyncService sync) {
    this.sync = sync;
  }

  public Route route() {
    return pathPrefix("peers", () -> pathPrefix(PathMatchers.segment(), this::peer));
  }

  private Route peer(String name) {
    return concat(
        pathPrefix(
            "remotes",
            () ->
                concat(
                    pathEnd(
                        () ->
                            get(
                                () ->
                                    onSuccess(
                                        sync.remotes(PeerName.of(name)),
                                        remotes ->
                                            Json.ok(new Remotes(remotes.remotes(), remotes.tracking()))))),
                    path(PathMatchers.segment(), remote -> remote(PeerName.of(name), remote)))),
        pathPrefix(
            "sync",
            () ->
                concat(
                    pathEnd(() -> post(() -> startSync(PeerName.of(name), SessionKind.SYNC))),
                    path(
                        PathMatchers.segment("sessions").slash(PathMatchers.segment()),
                        id -> get(() -> session(PeerName.of(name), id))),
                    path("history", () -> get(() -> history(PeerName.of(name)))),
                    path("status", () -> get(() -> status(PeerName.of(name)))))),
        pathPrefix(
            "conflicts",
            () ->
                concat(
                    pathEnd(() -> get(() -> conflicts(PeerName.of(name)))),
                    path("resolve", () -> post(() -> resolve(PeerName.of(name)))))),
        path(
            PathMatchers.segment("merge").slash("commit"),
            () -> post(() -> commitMerge(PeerName.of(name)))),
        path(
            PathMatchers.segment("merge").slash("abort"),
            () ->
                post(
                    () ->
                        onSuccess(
                            sync.abortMerge(PeerName.of(name)),
                            done -> Json.ok(new Aborted(true))))),
        path(
            "access",
            () ->
                concat(
                    get(() -> onSuccess(sync.access(PeerName.of(name)), Json::ok)),
                    put(() -> setAccess(PeerName.of(name))))),
        path("fetch", () -> post(() -> startSync(PeerName.of(name), SessionKind.FETCH))),
        path("pull", () -> post(() -> startSync(PeerName.of(name), SessionKind.PULL))),
        path("push", () -> post(() -> startSync(PeerName.of(name), SessionKind.PUSH))),
        path(
            "merge-rules",
            () ->
                concat(
                    get(
                        () ->
                            onSuccess(
                                sync.mergeRules(PeerName.of(name)),
                                rules -> Json.ok(new Rules(rules)))),
                    put(() -> setMergeRules(PeerName.of(name))))));
  }

  private Route remote(PeerName peer, String remote) {
    String name = Remote.validName(remote);
    return concat(
        put(
            () ->
                entity(
                    Json.tree(),
                    body -> {
                      RemoteUpdate update = remoteUpdate(body);
                      return onSuccess(sync.setRemote(peer, name, update), Json::ok);
                    })),
        delete(
            () ->
                onSuccess(
                    sync.removeRemote(peer, name),
                    done -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)))));
  }

  /** The settings given; each is checked here, and again when merged with the old ones. */
  static RemoteUpdate remoteUpdate(JsonNode body) {
    object(body, REMOTE_FIELDS);
    String peer = optionalText(body, "peer");
    String url = optionalText(body, "url");
    String credential = optionalText(body, "credential");
    Boolean push = null;
    if (body.has("push") && !body.get("push").isNull()) {
      if (!body.get("push").isBoolean()) {
        throw invalid("invalid-remote", "\"push\" must be true or false");
      }
      push = body.get("push").asBoolean();
    }
    boolean scheduleGiven = body.has("syncEverySeconds");
    Integer every = null;
    if (scheduleGiven && !body.get("syncEverySeconds").isNull()) {
      JsonNode given = body.get("syncEverySeconds");
      if (!given.canConvertToInt() || !given.isIntegralNumber()) {
        throw invalid("invalid-remote", "\"syncEverySeconds\" must be a whole number of seconds or null");
      }
      every = given.asInt();
    }
    // Each given setting must be valid on its own; the peer checks how they fit with the old ones.
    if (peer != null) {
      PeerName.of(peer);
    }
    new Remote("check", "check", url, null, true, every);
    if (credential != null) {
      new Remote("check", "check", "http://check", credential, true, null);
    }
    boolean strategyGiven = body.has("strategy");
    MergeStrategy strategy = strategyGiven ? strategy(body) : null;
    MergeRules rules = body.has("mergeRules") ? MergeRules.fromJson(body.get("mergeRules")) : null;
    RemoteMode mode =
        body.hasNonNull("mode")
            ? RemoteMode.parse(strictText(body.get("mode"), "mode", "invalid-remote"))
            : null;
    return new RemoteUpdate(
        peer, url, credential, push, scheduleGiven, every, strategyGiven, strategy, rules, mode);
  }

  /** A session of {@code kind}: a sync takes every field, the others no dry run. */
  private Route startSync(PeerName peer, SessionKind kind) {
    return entity(
        Json.tree(),
        body -> {
          object(body, kind == SessionKind.SYNC ? SYNC_FIELDS : SESSION_FIELDS);
          String remote = Remote.validName(requiredText(body, "remote"));
          MergeStrategy strategy = strategy(body);
          boolean wait = flag(body, "wait", true);
          boolean followUp = flag(body, "followUp", false);
          if (flag(body, "dryRun", false)) {
            if (followUp) {
              throw invalid(Problem.INVALID_REQUEST, "a dry run has no follow-up sessions");
            }
            return onSuccess(sync.dryRun(peer, remote, strategy), Json::ok);
          }
          return onSuccess(
              sync.start(peer, kind, remote, strategy, followUp, wait),
              started ->
                  started.result() == null
                      ? Json.complete(StatusCodes.ACCEPTED, new SessionId(started.sessionId()))
                      : started.followUps() == null
                          ? Json.ok(started.result())
                          : Json.ok(new Chained(started.result(), started.followUps())));
        });
  }

  private Route session(PeerName peer, String id) {
    try {
      UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw invalid(Problem.INVALID_PARAMETER, "session id '" + shorten(id) + "' is not a session id");
    }
    return onSuccess(sync.session(peer, id), Json::ok);
  }

  private Route conflicts(PeerName peer) {
    return parameterOptional(
        "from",
        from ->
            parameterOptional(
                "limit",
                limit ->
                    onSuccess(
                        sync.conflicts(
                            peer,
                            RequestInputs.index(from, "from"),
                            RequestInputs.limit(
                                limit, "limit", SyncService.MAX_CONFLICTS, SyncService.MAX_CONFLICTS)),
                        Json::ok)));
  }

  private Route history(PeerName peer) {
    return parameterOptional(
        "remote",
        remote ->
            parameterOptional(
                "limit",
                limit ->
                    parameterOptional(
                        "before",
                        before -> {
                          String name =
                              remote.filter(r -> !r.isEmpty()).map(Remote::validName).orElse(null);
                          int max = RequestInputs.limit(limit, "limit", DEFAULT_HISTORY, MAX_HISTORY);
                          return onSuccess(
                              sync.history(
                                  peer, name, before.filter(b -> !b.isEmpty()).orElse(null), max),
                              page -> Json.ok(new Results(page.results(), page.next())));
                        })));
  }

  private Route status(PeerName peer) {
    return parameterOptional(
        "remote",
        remote -> {
          if (remote.isEmpty() || remote.get().isEmpty()) {
            throw invalid(Problem.MISSING_PARAMETER, "give the remote: ?remote=<name>");
          }
          return onSuccess(sync.status(peer, Remote.validName(remote.get())), Json::ok);
        });
  }

  private Route resolve(PeerName peer) {
    return entity(
        Json.tree(),
        body -> {
          object(body, RESOLVE_FIELDS);
          RecordKey key = RecordKey.parse(requiredText(body, "key"));
          String field = requiredText(body, "field");
          Resolution.Choice choice =
              Resolution.Choice.parse(strictText(body.get("choice"), "choice", "invalid-resolution"));
          JsonNode value = body.get("value");
          if (choice == Resolution.Choice.VALUE && value == null) {
            value = null; // absent: remove the field (or, for "*", delete the record)
          }
          Resolution resolution = new Resolution(key, field, choice, value);
          return onSuccess(
              sync.resolve(peer, resolution), unresolved -> Json.ok(new Unresolved(unresolved)));
        });
  }

  private Route commitMerge(PeerName peer) {
    return optionalHeaderValueByName(
        "X-Actor",
        actor ->
            onSuccess(
                sync.commitMerge(peer, RequestInputs.actor(actor)),
                commit -> Json.ok(new MergeCommitted(commit))));
  }

  private Route setAccess(PeerName peer) {
    return entity(
        Json.tree(),
        body -> {
          object(body, ACCESS_FIELDS);
          Access access = new Access(names(body, "pull"), names(body, "push"));
          return onSuccess(sync.setAccess(peer, access), Json::ok);
        });
  }

  private Route setMergeRules(PeerName peer) {
    return entity(
        Json.tree(),
        body -> {
          object(body, MERGE_RULES_FIELDS);
          if (!body.has("rules")) {
            throw invalid(Problem.MISSING_PARAMETER, "the body needs \"rules\" ({} for none)");
          }
          MergeRules rules = MergeRules.fromJson(body.get("rules"));
          return onSuccess(sync.setMergeRules(peer, rules), set -> Json.ok(new Rules(set)));
        });
  }

  private static List<String> names(JsonNode body, String field) {
    JsonNode given = body.get(field);
    if (given == null || given.isNull()) {
      return List.of();
    }
    if (!given.isArray()) {
      throw invalid("invalid-access", "\"" + field + "\" must be an array of token names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : given) {
      names.add(strictText(name, field + " entries", "invalid-access"));
    }
    return names;
  }

  private static void object(JsonNode body, Set<String> allowed) {
    if (body == null || !body.isObject()) {
      throw invalid(Problem.INVALID_REQUEST, "the body must be a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!allowed.contains(field)) {
                throw invalid(
                    Problem.INVALID_REQUEST,
                    "unknown field '" + shorten(field) + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
              }
            });
  }

  /** The body's {@code strategy}; null when absent or null. */
  private static MergeStrategy strategy(JsonNode body) {
    JsonNode given = body.get("strategy");
    return given == null || given.isNull()
        ? null
        : MergeStrategy.parse(strictText(given, "strategy", "invalid-strategy"));
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode given = body.get(field);
    if (given == null || given.isNull()) {
      throw invalid(Problem.MISSING_PARAMETER, "the body needs \"" + field + "\"");
    }
    return strictText(given, field, Problem.INVALID_REQUEST);
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode given = body.get(field);
    return given == null || given.isNull() ? null : strictText(given, field, "invalid-remote");
  }

  private static String strictText(JsonNode given, String field, String problem) {
    if (given == null || !given.isTextual()) {
      throw invalid(problem, "\"" + field + "\" must be a string");
    }
    return given.asText();
  }

  private static boolean flag(JsonNode body, String field, boolean fallback) {
    JsonNode given = body.get(field);
    if (given == null || given.isNull()) {
      return fallback;
    }
    if (!given.isBoolean()) {
      throw invalid(Problem.INVALID_REQUEST, "\"" + field + "\" must be true or false");
    }
    return given.asBoolean();
  }

  private static InvalidInputException invalid(String problem, String message) {
    return new InvalidInputException(problem, message);
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}

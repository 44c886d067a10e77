package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.http.RecordingClient.Answer;
import java.nio.charset.StandardCharsets;

/**
 * Drives a node through every route of its API and federation API, each to its answers and
 * refusals as far as one node can be brought to them, for {@link OpenApiTest} to check against
 * the document. Each step asserts only what the next needs; the answers are the result.
 */
final class ApiTour {
  static final String UNKNOWN = "0".repeat(64);
  /** A token name of SYNCMESH_TOKENS on the node toured. */
  private final String tokenName;
  private final RecordingClient api;

  ApiTour(RecordingClient api, String tokenName) {
    this.api = api;
    this.tokenName = tokenName;
  }

  void run(int maxBodyBytes) {
    peers(maxBodyBytes);
    records();
    commits();
    data();
    feed();
    String session = remotesAndSessions();
    sessions(session);
    merges();
    settings();
    nodeWide();
    federation();
  }

  private void peers(int maxBodyBytes) {
    expect(201, api.json("POST", "/api/peers", "{\"name\":\"tour\"}"));
    expect(409, api.json("POST", "/api/peers", "{\"name\":\"tour\"}"));
    expect(400, api.json("POST", "/api/peers", "{\"name\":\"Not A Name\"}"));
    expect(400, api.json("POST", "/api/peers", "{\"name\":"));
    expect(415, api.send("POST", "/api/peers", "text/plain", RecordingClient.bytes("tour")));
    String huge = "{\"name\":\"" + "x".repeat(maxBodyBytes) + "\"}";
    expect(413, api.json("POST", "/api/peers", huge));
    expect(200, api.json("GET", "/api/peers?limit=2", null));
    expect(400, api.json("GET", "/api/peers?limit=0", null));
    expect(200, api.json("GET", "/api/peers/tour", null));
    expect(404, api.json("GET", "/api/peers/nobody", null));
    expect(400, api.json("GET", "/api/peers/Bad_Name", null));
    expect(401, api.json("GET", "/api/peers", null, "Authorization", ""));
    expect(401, api.json("GET", "/api/peers", null, "Authorization", "Bearer wrong"));
    expect(406, api.json("GET", "/api/peers", null, "Accept", "text/html"));
  }

  private void records() {
    String record = "/api/peers/tour/records/issues/i-1";
    expect(201, api.json("PUT", record, "{\"title\":\"one\"}", "X-Actor", "ann"));
    String hash = expect(200, api.json("PUT", record, "{\"title\":\"two\"}")).json().path("hash").asText();
    expect(412, api.json("PUT", record, "{\"title\":\"3\"}", "If-Match", "\"" + UNKNOWN + "\""));
    expect(400, api.json("PUT", record, "{\"title\":\"3\"}", "If-Match", "not a tag"));
    expect(400, api.json("PUT", record, "{\"title\":\"3\"}", "X-Actor", " "));
    expect(400, api.json("PUT", record, "[1]"));
    expect(415, api.send("PUT", record, "text/plain", RecordingClient.bytes("{}")));
    expect(404, api.json("PUT", "/api/peers/nobody/records/issues/i-1", "{}"));
    expect(200, api.json("GET", record, null));
    expect(404, api.json("GET", "/api/peers/tour/records/issues/none", null));
    expect(404, api.json("GET", record + "?at=" + UNKNOWN, null));
    expect(400, api.json("GET", record + "?at=zz", null));
    expect(201, api.json("PUT", "/api/peers/tour/records/issues/i-2", "{\"title\":\"2\"}"));
    expect(200, api.json("PUT", "/api/peers/tour/records/issues/i-2", "{\"title\":\"3\"}", "If-Match", "*"));
    expect(200, api.json("DELETE", "/api/peers/tour/records/issues/i-2", null, "If-Match", "*"));
    expect(404, api.json("DELETE", "/api/peers/tour/records/issues/i-2", null));
    expect(412, api.json("DELETE", record, null, "If-Match", "\"" + UNKNOWN + "\""));
    assertThat(hash).hasSize(64);
    expect(200, api.json("GET", "/api/peers/tour/records?collection=issues&limit=1", null));
    expect(400, api.json("GET", "/api/peers/tour/records?limit=x", null));
    expect(404, api.json("GET", "/api/peers/tour/records?at=" + UNKNOWN, null));
  }

  private void commits() {
    String peer = "/api/peers/tour";
    expect(200, api.json("POST", peer + "/transactions",
        "{\"message\":\"two\",\"writes\":[{\"key\":\"issues/t-1\",\"value\":{\"a\":1}},{\"key\":\"issues/i-1\",\"value\":null}]}"));
    expect(400, api.json("POST", peer + "/transactions", "{\"writes\":[]}"));
    expect(400, api.json("POST", peer + "/transactions", "{\"writes\":[{\"key\":\"issues/x\",\"value\":{}}],\"extra\":1}"));
    expect(200, api.json("PUT", peer + "/autocommit", "{\"mode\":\"off\"}"));
    expect(400, api.json("PUT", peer + "/autocommit", "{\"mode\":\"sometimes\"}"));
    expect(200, api.json("GET", peer + "/autocommit", null));
    api.json("PUT", peer + "/records/issues/w-1", "{\"b\":2}");
    expect(200, api.json("GET", peer + "/working-set?limit=10", null));
    expect(400, api.json("GET", peer + "/working-set?limit=1001", null));
    expect(200, api.json("POST", peer + "/commit", "{\"message\":\"by hand\",\"actor\":\"ann\"}"));
    expect(200, api.send("POST", peer + "/commit", null, null));
    expect(400, api.json("POST", peer + "/commit", "{\"message\":\" \"}"));
    expect(200, api.json("PUT", peer + "/autocommit", "{\"mode\":\"on\"}"));
    expect(200, api.json("GET", peer + "/log?limit=2", null));
    expect(404, api.json("GET", peer + "/log?after=" + UNKNOWN, null));
    expect(200, api.json("GET", peer + "/diff?from=&limit=5", null));
    expect(400, api.json("GET", peer + "/diff?from=zz", null));
    expect(404, api.json("GET", peer + "/diff?to=" + UNKNOWN, null));
  }

  private void data() {
    String peer = "/api/peers/tour";
    expect(200, api.json("GET", peer + "/export", null));
    expect(200, api.json("GET", peer + "/export?collection=issues", null));
    expect(400, api.json("GET", peer + "/export?idField=id", null));
    expect(404, api.json("GET", "/api/peers/nobody/export", null));
    byte[] lines = "{\"id\":\"n-1\",\"n\":1}\n{\"id\":\"n-2\",\"n\":2}\n".getBytes(StandardCharsets.UTF_8);
    expect(200, api.send("POST", peer + "/import?collection=notes&idField=id", "application/x-ndjson", lines));
    expect(400, api.send("POST", peer + "/import", "application/x-ndjson", RecordingClient.bytes("not json\n")));
    expect(200, api.send("POST", peer + "/import?skipBad=true", "application/x-ndjson", RecordingClient.bytes("not json\n")));
    expect(415, api.json("POST", peer + "/import", "{\"key\":\"a/b\",\"value\":{}}"));
    expect(400, api.send("POST", peer + "/import?commitEvery=0", "application/x-ndjson", lines));
  }

  private void feed() {
    String peer = "/api/peers/tour";
    expect(200, api.json("GET", peer + "/changes?limit=2&changeLimit=1", null));
    expect(400, api.json("GET", peer + "/changes?since=zz", null));
    expect(404, api.json("GET", peer + "/changes?since=" + UNKNOWN, null));
    expect(400, api.json("GET", peer + "/changes?feed=sometimes", null));
    expect(200, api.firstEvent(peer + "/changes?feed=continuous"));
    expect(200, api.firstEvent(peer + "/changes", "Accept", "text/event-stream"));
  }

  /** Two peers syncing with each other; answers a session's id. */
  private String remotesAndSessions() {
    for (String name : new String[] {"left", "right"}) {
      expect(201, api.json("POST", "/api/peers", "{\"name\":\"" + name + "\"}"));
    }
    expect(200, api.json("PUT", "/api/peers/left/remotes/r", "{\"peer\":\"right\"}"));
    expect(200, api.json("PUT", "/api/peers/right/remotes/r", "{\"peer\":\"left\",\"strategy\":null}"));
    expect(200, api.json("PUT", "/api/peers/left/remotes/only-pull", "{\"peer\":\"right\",\"mode\":\"pull-only\"}"));
    expect(400, api.json("PUT", "/api/peers/left/remotes/r", "{\"bogus\":1}"));
    expect(400, api.json("PUT", "/api/peers/left/remotes/Bad_Name", "{\"peer\":\"right\"}"));
    expect(404, api.json("PUT", "/api/peers/nobody/remotes/r", "{\"peer\":\"right\"}"));
    expect(200, api.json("GET", "/api/peers/left/remotes", null));
    expect(200, api.json("PUT", "/api/peers/left/remotes/gone", "{\"peer\":\"right\"}"));
    expect(204, api.json("DELETE", "/api/peers/left/remotes/gone", null));
    expect(404, api.json("DELETE", "/api/peers/left/remotes/gone", null));

    api.json("PUT", "/api/peers/left/records/issues/a", "{\"t\":\"0\"}");
    String session =
        expect(200, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"strategy\":\"ours\"}"))
            .json().path("sessionId").asText();
    expect(200, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"dryRun\":true}"));
    expect(200, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"followUp\":true}"));
    expect(202, api.json("POST", "/api/peers/right/sync", "{\"remote\":\"r\",\"wait\":false}"));
    expect(400, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"dryRun\":true,\"followUp\":true}"));
    expect(400, api.json("POST", "/api/peers/left/sync", "{}"));
    expect(400, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"strategy\":\"mine\"}"));
    expect(404, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"none\"}"));
    for (String kind : new String[] {"fetch", "pull", "push"}) {
      expect(200, api.json("POST", "/api/peers/left/" + kind, "{\"remote\":\"r\"}"));
      expect(400, api.json("POST", "/api/peers/left/" + kind, "{\"remote\":\"r\",\"dryRun\":true}"));
      expect(404, api.json("POST", "/api/peers/left/" + kind, "{\"remote\":\"none\"}"));
    }
    expect(202, api.json("POST", "/api/peers/left/fetch", "{\"remote\":\"r\",\"wait\":false}"));
    expect(409, api.json("POST", "/api/peers/left/push", "{\"remote\":\"only-pull\"}"));
    return session;
  }

  private void sessions(String session) {
    String sync = "/api/peers/left/sync";
    expect(200, api.json("GET", sync + "/sessions/" + session, null));
    expect(400, api.json("GET", sync + "/sessions/not-a-session", null));
    expect(404, api.json("GET", sync + "/sessions/00000000-0000-0000-0000-000000000000", null));
    expect(200, api.json("GET", sync + "/history?remote=r&limit=2", null));
    expect(400, api.json("GET", sync + "/history?limit=0", null));
    expect(404, api.json("GET", sync + "/history?before=00000000-0000-0000-0000-000000000000", null));
    expect(200, api.json("GET", sync + "/status?remote=r", null));
    expect(400, api.json("GET", sync + "/status", null));
    expect(404, api.json("GET", sync + "/status?remote=none", null));
  }

  /** A conflict left for a person, resolved and committed; another aborted. */
  private void merges() {
    String left = "/api/peers/left";
    conflict("1");
    expect(200, api.json("GET", left + "/conflicts?limit=10", null));
    expect(400, api.json("GET", left + "/conflicts?from=-1", null));
    expect(409, api.json("POST", left + "/merge/commit", null));
    expect(409, api.json("POST", left + "/sync", "{\"remote\":\"r\"}"));
    expect(400, api.json("POST", left + "/conflicts/resolve", "{\"key\":\"issues/a\",\"field\":\"t\",\"choice\":\"mine\"}"));
    expect(404, api.json("POST", left + "/conflicts/resolve", "{\"key\":\"issues/zz\",\"field\":\"t\",\"choice\":\"ours\"}"));
    expect(200, api.json("POST", left + "/conflicts/resolve", "{\"key\":\"issues/a\",\"field\":\"t\",\"choice\":\"value\",\"value\":\"both\"}"));
    expect(400, api.json("POST", left + "/merge/commit", null, "X-Actor", " "));
    expect(200, api.json("POST", left + "/merge/commit", null, "X-Actor", "ann"));
    expect(404, api.json("GET", left + "/conflicts", null));
    expect(404, api.json("POST", left + "/merge/abort", null));
    expect(404, api.json("POST", left + "/conflicts/resolve", "{\"key\":\"issues/a\",\"field\":\"t\",\"choice\":\"ours\"}"));
    conflict("2");
    expect(200, api.json("POST", left + "/merge/abort", null));
  }

  private void conflict(String round) {
    api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\",\"strategy\":\"ours\"}");
    api.json("PUT", "/api/peers/left/records/issues/a", "{\"t\":\"left " + round + "\"}");
    api.json("PUT", "/api/peers/right/records/issues/a", "{\"t\":\"right " + round + "\"}");
    String outcome =
        expect(200, api.json("POST", "/api/peers/left/sync", "{\"remote\":\"r\"}")).json().path("outcome").asText();
    assertThat(outcome).isEqualTo("CONFLICTS");
  }

  private void settings() {
    String left = "/api/peers/left";
    expect(200, api.json("PUT", left + "/access", "{\"pull\":[\"" + tokenName + "\"],\"push\":[\"" + tokenName + "\"]}"));
    expect(200, api.json("PUT", "/api/peers/right/access", "{\"push\":[\"" + tokenName + "\"]}"));
    expect(400, api.json("PUT", left + "/access", "{\"pull\":\"everyone\"}"));
    expect(200, api.json("GET", left + "/access", null));
    expect(200, api.json("PUT", left + "/merge-rules", "{\"rules\":{\"issues\":{\"labels\":\"union\",\"*\":\"lww:updated\"}}}"));
    expect(400, api.json("PUT", left + "/merge-rules", "{\"rules\":{\"issues\":{\"labels\":\"sometimes\"}}}"));
    expect(400, api.json("PUT", left + "/merge-rules", "{}"));
    expect(200, api.json("GET", left + "/merge-rules", null));
    expect(404, api.json("GET", "/api/peers/nobody/merge-rules", null));
  }

  private void nodeWide() {
    expect(200, api.json("GET", "/api/cluster", null));
    expect(200, api.json("GET", "/api/gc", null));
    int collected = api.json("POST", "/api/gc", null).status();
    assertThat(collected).isIn(200, 202);
    expect(400, api.json("POST", "/api/gc", "{\"graceSeconds\":1}"));
    expect(200, api.json("GET", "/api/openapi.json", null));
    expect(401, api.json("GET", "/api/openapi.json", null, "Authorization", ""));
  }

  private void federation() {
    String left = "/federation/v1/peers/left";
    String head = expect(200, api.json("GET", left + "/head", null)).json().path("head").asText();
    expect(401, api.json("GET", left + "/head", null, "Authorization", ""));
    expect(401, api.json("GET", left + "/head", null, "Authorization", "Bearer wrong"));
    expect(403, api.json("GET", "/federation/v1/peers/tour/head", null));
    expect(404, api.json("GET", "/federation/v1/peers/nobody/head", null));
    expect(400, api.json("GET", "/federation/v1/peers/Bad_Name/head", null));
    Answer pack = expect(200, api.json("POST", left + "/fetch", "{\"want\":\"" + head + "\",\"haves\":[]}"));
    expect(403, api.json("POST", "/federation/v1/peers/right/fetch", "{}"));
    expect(404, api.json("POST", left + "/fetch", "{\"want\":\"" + UNKNOWN + "\"}"));
    expect(400, api.json("POST", left + "/fetch", "{\"want\":\"zz\"}"));
    expect(400, api.json("POST", left + "/fetch", "{\"wanted\":\"" + head + "\"}"));
    expect(415, api.send("POST", left + "/fetch", "text/plain", RecordingClient.bytes("{}")));
    String push = left + "/push?expected=" + head + "&head=" + head;
    String pack_ = "application/vnd.syncmesh.pack";
    expect(200, api.send("POST", push, pack_, pack.body()));
    // right lacks left's merge commit: its head is not the one expected
    expect(409, api.send("POST", "/federation/v1/peers/right/push?expected=" + UNKNOWN + "&head=" + head, pack_, pack.body()));
    expect(422, api.send("POST", push, pack_, RecordingClient.bytes("not a pack")));
    expect(400, api.send("POST", left + "/push", pack_, pack.body()));
    expect(400, api.send("POST", left + "/push?head=zz", pack_, pack.body()));
    expect(403, api.send("POST", "/federation/v1/peers/tour/push?head=" + head, pack_, pack.body()));
  }

  private static Answer expect(int status, Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    return answer;
  }
}

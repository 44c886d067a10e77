package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer's merge rules through the API, on a real node on H2: set, read and refused, then used by
 * syncs (fields they settle are no conflicts; manual fields wait for a person even under a
 * strategy, and the commit of such a merge uses the rules and strategy it started with).
 */
class MergeRulesApiTest {
  private static final String TRACKER =
      "{\"rules\":{\"tasks\":{\"updated_at\":\"max\",\"labels\":\"union\",\"*\":\"manual\"}}}";
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();

  @Test
  void rulesAreSetReadInOrderAndRefusedWithoutChange() {
    api.createPeer("mr-rules");
    String path = "/peers/mr-rules/merge-rules";
    assertThat(api.get(path).toString()).isEqualTo("{\"rules\":{}}");
    JsonNode set = api.ok("PUT", path, TRACKER);
    String sorted = "{\"rules\":{\"tasks\":{\"*\":\"manual\",\"labels\":\"union\",\"updated_at\":\"max\"}}}";
    assertThat(set.toString()).isEqualTo(sorted);
    assertThat(api.get(path).toString()).isEqualTo(sorted);

    api.problem(400, "invalid-merge-rules", "PUT", path, "{\"rules\":{\"tasks\":{\"a\":\"newest\"}}}");
    api.problem(400, "invalid-merge-rules", "PUT", path, "{\"rules\":{\"Tasks\":{\"a\":\"max\"}}}");
    api.problem(400, "invalid-merge-rules", "PUT", path, "{\"rules\":{\"tasks\":{\"a\":1}}}");
    api.problem(400, "invalid-merge-rules", "PUT", path, "{\"rules\":[\"max\"]}");
    api.problem(400, "missing-parameter", "PUT", path, "{}");
    api.problem(400, "invalid-request", "PUT", path, "{\"rules\":{},\"extra\":1}");
    api.problem(404, "peer-not-found", "PUT", "/peers/mr-nobody/merge-rules", TRACKER);
    assertThat(api.get(path).toString()).isEqualTo(sorted);

    assertThat(api.ok("PUT", path, "{\"rules\":{}}").toString()).isEqualTo("{\"rules\":{}}");
    assertThat(api.get(path).toString()).isEqualTo("{\"rules\":{}}");
  }

  @Test
  void fieldsTheRulesSettleAreNoConflictsAndTheMergeIsPushed() {
    api.pair("mr-a", "mr-b");
    api.ok("PUT", "/peers/mr-a/merge-rules", TRACKER);
    api.put("mr-a", "tasks/1", "{\"title\":\"t\",\"labels\":[\"a\"],\"updated_at\":\"2025-12-16T10:00:00Z\"}");
    api.sync("mr-b", "r", null);
    api.put("mr-a", "tasks/1", "{\"title\":\"t\",\"labels\":[\"a\",\"x\"],\"updated_at\":\"2025-12-16T18:17:18-08:00\"}");
    api.put("mr-b", "tasks/1", "{\"title\":\"t\",\"labels\":[\"y\"],\"updated_at\":\"2025-12-17T01:00:00Z\"}");

    JsonNode result = api.sync("mr-a", "r", null);
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("MERGED");
    assertThat(result.path("conflicts").size()).isZero();
    assertThat(result.path("pushed").asBoolean()).isTrue();
    // 18:17-08:00 is 02:17Z the next day, later than 01:00Z; "a" left theirs, x and y joined.
    String merged = "{\"labels\":[\"x\",\"y\"],\"title\":\"t\",\"updated_at\":\"2025-12-16T18:17:18-08:00\"}";
    assertThat(api.record("mr-a", "tasks/1")).isEqualTo(merged);
    assertThat(api.record("mr-b", "tasks/1")).isEqualTo(merged);
  }

  @Test
  void manualFieldsWaitForAPersonEvenUnderAStrategyAndTheCommitKeepsTheSessionsRules() {
    api.pair("mm-a", "mm-b");
    api.ok("PUT", "/peers/mm-a/merge-rules", "{\"rules\":{\"tasks\":{\"title\":\"manual\",\"n\":\"max\"}}}");
    api.put("mm-a", "tasks/1", "{\"title\":\"base\",\"state\":\"open\",\"n\":1}");
    api.sync("mm-b", "r", null);
    api.put("mm-a", "tasks/1", "{\"title\":\"mine\",\"state\":\"doing\",\"n\":5}");
    api.put("mm-b", "tasks/1", "{\"title\":\"yours\",\"state\":\"done\",\"n\":3}");
    String headBefore = api.head("mm-a");

    JsonNode result = api.sync("mm-a", "r", "theirs");
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("CONFLICTS");
    assertThat(api.head("mm-a")).isEqualTo(headBefore);
    assertThat(conflicts(api.get("/peers/mm-a/conflicts"))).containsExactly("tasks/1.title");
    assertThat(api.get("/peers/mm-a").path("pendingMerge").path("unresolved").asInt()).isEqualTo(1);

    // Rules changed now do not change the pending merge: it was computed with the old ones.
    api.ok("PUT", "/peers/mm-a/merge-rules", "{\"rules\":{}}");
    api.ok("POST", "/peers/mm-a/conflicts/resolve",
        "{\"key\":\"tasks/1\",\"field\":\"title\",\"choice\":\"value\",\"value\":\"both\"}");
    api.ok("POST", "/peers/mm-a/merge/commit", null);
    // title by the person, state by the strategy (theirs), n by its rule (max).
    assertThat(api.record("mm-a", "tasks/1")).isEqualTo("{\"n\":5,\"state\":\"done\",\"title\":\"both\"}");
  }

  @Test
  void aRemoteCarriesADefaultStrategyAndRulesOverThePeers() {
    api.pair("md-a", "md-b");
    api.ok("PUT", "/peers/md-a/merge-rules", "{\"rules\":{\"tasks\":{\"n\":\"min\",\"title\":\"manual\"}}}");
    JsonNode remote =
        api.ok("PUT", "/peers/md-a/remotes/r",
            "{\"strategy\":\"ours\",\"mergeRules\":{\"tasks\":{\"n\":\"max\",\"title\":\"theirs\"}}}");
    assertThat(remote.path("strategy").asText()).isEqualTo("ours");
    assertThat(remote.path("mergeRules").toString())
        .isEqualTo("{\"tasks\":{\"n\":\"max\",\"title\":\"theirs\"}}");
    assertThat(remote.path("peer").asText()).isEqualTo("md-b"); // other settings kept
    api.problem(400, "invalid-merge-rules", "PUT", "/peers/md-a/remotes/r", "{\"mergeRules\":{\"tasks\":{\"n\":\"big\"}}}");
    api.problem(400, "invalid-strategy", "PUT", "/peers/md-a/remotes/r", "{\"strategy\":\"mine\"}");
    assertThat(api.get("/peers/md-a/remotes").path("remotes").get(0).path("strategy").asText()).isEqualTo("ours");

    api.put("md-a", "tasks/1", "{\"title\":\"base\",\"state\":\"open\",\"n\":1}");
    api.sync("md-b", "r", null);
    api.put("md-a", "tasks/1", "{\"title\":\"mine\",\"state\":\"doing\",\"n\":5}");
    api.put("md-b", "tasks/1", "{\"title\":\"yours\",\"state\":\"done\",\"n\":3}");
    JsonNode result = api.sync("md-a", "r", null); // no strategy named: the remote's
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("MERGED");
    // n by the remote's max over the peer's min, title by the remote's theirs over manual,
    // state by the remote's strategy.
    assertThat(api.record("md-a", "tasks/1")).isEqualTo("{\"n\":5,\"state\":\"doing\",\"title\":\"yours\"}");

    api.ok("PUT", "/peers/md-a/remotes/r", "{\"strategy\":null,\"mergeRules\":{}}");
    JsonNode cleared = api.get("/peers/md-a/remotes").path("remotes").get(0);
    assertThat(cleared.path("strategy").isNull()).as(cleared.toString()).isTrue();
    assertThat(cleared.path("mergeRules").isEmpty()).isTrue();
  }

  private static List<String> conflicts(JsonNode pending) {
    List<String> where = new ArrayList<>();
    pending.path("conflicts").forEach(c -> where.add(c.path("key").asText() + "." + c.path("field").asText()));
    return where;
  }
}

package dev.syncmesh.ops.harness;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.http.Json;
import dev.syncmesh.node.NodeContext;
import dev.syncmesh.node.NodeFeature;
import dev.syncmesh.node.NodeMain;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * A real node process with one test-only feature, until the peer feature lands: a sharded,
 * event-sourced counter (entity type {@value #TYPE}, remembered entities) behind {@code
 * GET}/{@code POST /api/counters/{id}}.
 */
public final class CounterNode {
  static final String TYPE = "counter";

  private CounterNode() {}

  public static void main(String[] args) {
    System.exit(NodeMain.run(List.of(new Feature())));
  }

  sealed interface Command extends CborSerializable {}

  record Increment(ActorRef<Value> replyTo) implements Command {}

  record Get(ActorRef<Value> replyTo) implements Command {}

  record Incremented() implements CborSerializable {}

  record Value(String id, int value) implements CborSerializable {}

  static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, TYPE);

  static final class Counter extends EventSourcedBehavior<Command, Incremented, Integer> {
    private final String id;

    private Counter(String id) {
      super(PersistenceId.of(TYPE, id));
      this.id = id;
    }

    static Behavior<Command> create(String id) {
      return new Counter(id);
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Command, Incremented, Integer> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              Increment.class,
              (state, c) ->
                  Effect().persist(new Incremented()).thenReply(c.replyTo(), s -> new Value(id, s)))
          .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), new Value(id, state)))
          .build();
    }

    @Override
    public EventHandler<Integer, Incremented> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Incremented.class, (s, e) -> s + 1).build();
    }
  }

  static final class Feature extends AllDirectives implements NodeFeature {
    private static final Duration ASK = Duration.ofSeconds(5);

    @Override
    public Route start(NodeContext node) {
      ClusterSharding sharding = ClusterSharding.get(node.system());
      // Remembered (unlike peers, which have a wake list of their own), so that the failover test
      // sees the counters of a killed node run elsewhere without being asked.
      sharding.init(
          Entity.of(KEY, context -> Counter.create(context.getEntityId()))
              .withSettings(
                  ClusterShardingSettings.create(node.system())
                      .withRememberEntities(true)
                      .withRememberEntitiesStoreMode(
                          ClusterShardingSettings.rememberEntitiesStoreModeEventSourced())));
      return pathPrefix(
          "counters",
          () ->
              path(
                  segment(),
                  id -> {
                    EntityRef<Command> counter = sharding.entityRefFor(KEY, id);
                    return concat(
                        get(() -> onSuccess(counter.<Value>ask(Get::new, ASK), Json::ok)),
                        post(() -> onSuccess(counter.<Value>ask(Increment::new, ASK), Json::ok)));
                  }));
    }
  }
}

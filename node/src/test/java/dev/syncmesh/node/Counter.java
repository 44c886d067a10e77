package dev.syncmesh.node;

import dev.syncmesh.CborSerializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/** A sharded, event-sourced counter: enough to prove the journal and remembered entities work. */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.State> {
  static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "test-counter");

  /** The value each counter had when it last finished recovering, by entity id. */
  static final Map<String, Integer> recovered = new ConcurrentHashMap<>();

  sealed interface Command extends CborSerializable {}

  record Add(int amount, ActorRef<Value> replyTo) implements Command {}

  record Get(ActorRef<Value> replyTo) implements Command {}

  record Added(int amount) implements CborSerializable {}

  record State(int value) implements CborSerializable {}

  record Value(String id, int value) implements CborSerializable {}

  private final String id;

  private Counter(String id) {
    super(PersistenceId.of(TYPE_KEY.name(), id));
    this.id = id;
  }

  static Behavior<Command> create(String id) {
    return new Counter(id);
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public CommandHandler<Command, Added, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Add.class,
            (state, add) ->
                Effect()
                    .persist(new Added(add.amount()))
                    .thenReply(add.replyTo(), updated -> new Value(id, updated.value())))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), new Value(id, state.value())))
        .build();
  }

  @Override
  public EventHandler<State, Added> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Added.class, (state, added) -> new State(state.value() + added.amount()))
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> recovered.put(id, state.value()))
        .build();
  }
}

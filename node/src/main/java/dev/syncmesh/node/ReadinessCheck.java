package dev.syncmesh.node;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * The node's readiness check in Pekko Management ({@code management.conf}), next to its cluster
 * membership check: true when {@link NodeReadiness} finds the API bound and the database answering.
 */
public final class ReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final NodeReadiness readiness;

  /** Pekko Management creates the check with the actor system. */
  public ReadinessCheck(ActorSystem system) {
    this.readiness = NodeReadiness.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return readiness.check().thenApply(Readiness::ready);
  }
}

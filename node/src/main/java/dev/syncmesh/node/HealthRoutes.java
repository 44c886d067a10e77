package dev.syncmesh.node;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Pekko Management's {@code /startup}, {@code /ready} and {@code /alive} over the configured
 * checks, in place of its own routes ({@code management.conf}), which answer a failed check with
 * 500: here it is 503, as load balancers and orchestrators expect of a node that is up but cannot
 * serve, with the failing check (and, for {@code /ready}, the node's own reason) in the body.
 */
public final class HealthRoutes extends AllDirectives implements ManagementRouteProvider {
  private final ExtendedActorSystem system;

  /** Pekko Management creates its route providers with the actor system. */
  public HealthRoutes(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    HealthCheckSettings checks =
        HealthCheckSettings.create(
            system.settings().config().getConfig("pekko.management.health-checks"));
    HealthChecks health = new HealthChecks(system, checks);
    return concat(
        check(checks.startupPath(), health::startupResult, false),
        check(checks.readinessPath(), health::readyResult, true),
        check(checks.livenessPath(), health::aliveResult, false));
  }

  private Route check(String path, Supplier<CompletionStage<CheckResult>> run, boolean readiness) {
    return path(
        PathMatchers.separateOnSlashes(path),
        () ->
            get(
                () ->
                    completeWithFuture(
                        Stages.plain(run.get())
                            .handle((result, error) -> answer(result, error, readiness)))));
  }

  private HttpResponse answer(CheckResult result, Throwable error, boolean readiness) {
    if (error == null && result.isSuccess()) {
      return text(StatusCodes.OK, "OK");
    }
    String failure =
        error != null
            ? "Health Check Failed: " + error.getMessage()
            : "Not Healthy: " + result.failure().orElse("a check failed");
    if (readiness) {
      // The node's own reason says what is wrong; Pekko's names only the check (by its class).
      failure =
          NodeReadiness.get(system)
              .lastFailure()
              .map(reason -> "Not Healthy: the node is not ready (" + reason + ")")
              .orElse(failure);
    }
    return text(StatusCodes.SERVICE_UNAVAILABLE, failure);
  }

  private static HttpResponse text(StatusCode status, String body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, Redaction.text(body));
  }
}

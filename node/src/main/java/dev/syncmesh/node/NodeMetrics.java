package dev.syncmesh.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * The node's metrics, one Micrometer registry per actor system, scraped in Prometheus's text format
 * at {@code GET :8558/metrics} ({@link MetricsRoutes}). Parts of the node record into it: the API
 * and federation servers (requests by route and status), peers (acknowledged writes, commits),
 * sessions (by outcome, phase durations), federation (bytes in and out), the object store (objects
 * read and written, cache hits) and the JDBC pools (HikariCP's own meters); and the JVM.
 */
public final class NodeMetrics implements Extension {
  public static final Id ID = new Id();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private NodeMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public static NodeMetrics get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in Prometheus's text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** A counter of {@code name} with the given tags (name, value, ...). */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private void close() {
    gc.close();
    registry.close();
  }

  public static final class Id extends AbstractExtensionId<NodeMetrics>
      implements ExtensionIdProvider {
    private Id() {}

    @Override
    public NodeMetrics createExtension(ExtendedActorSystem system) {
      NodeMetrics metrics = new NodeMetrics();
      system.registerOnTermination(metrics::close);
      return metrics;
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}

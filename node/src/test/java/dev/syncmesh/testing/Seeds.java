package dev.syncmesh.testing;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A property checked on random cases: the test method takes a {@link Gen} and runs once for each of
 * the seeds 1 to {@link #value()}. The seeds are fixed, so every run checks the same cases; a
 * failure names its seed, and {@code -Dsyncmesh.seed=N} runs that seed alone.
 *
 * <p>The same as protocol's {@code dev.syncmesh.protocol.testing.Seeds}: modules do not share test
 * classes.
 */
@Target(METHOD)
@Retention(RUNTIME)
@ParameterizedTest(name = "seed {0}")
@ArgumentsSource(Seeds.Provider.class)
@ExtendWith(Seeds.Reporter.class)
public @interface Seeds {
  /** How many seeds, that is how many random cases. */
  int value();

  /** One {@link Gen} per seed. */
  final class Provider extends AnnotationBasedArgumentsProvider<Seeds> {
    @Override
    protected Stream<? extends Arguments> provideArguments(
        ParameterDeclarations parameters, ExtensionContext context, Seeds seeds) {
      String only = System.getProperty("syncmesh.seed");
      LongStream chosen =
          only == null || only.isBlank()
              ? LongStream.rangeClosed(1, seeds.value())
              : LongStream.of(Long.parseLong(only.trim()));
      return chosen.mapToObj(seed -> Arguments.of(new Gen(seed)));
    }
  }

  /** Puts the seed at the front of a failure's message. */
  final class Reporter implements InvocationInterceptor {
    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> call,
        ExtensionContext context)
        throws Throwable {
      try {
        invocation.proceed();
      } catch (TestAbortedException e) {
        throw e;
      } catch (Throwable e) {
        long seed = ((Gen) call.getArguments().get(0)).seed();
        String message =
            "seed " + seed + " (rerun alone with -Dsyncmesh.seed=" + seed + "): " + e;
        if (e instanceof AssertionFailedError failed && failed.isExpectedDefined()) {
          throw new AssertionFailedError(
              message, failed.getExpected().getValue(), failed.getActual().getValue(), e);
        }
        throw new AssertionFailedError(message, e);
      }
    }
  }
}

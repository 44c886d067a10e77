package dev.syncmesh.protocol.testing;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.opentest4j.TestAbortedException;

/**
 * A property checked on random cases: the test method takes a {@link Gen} and runs once per seed,
 * each case named by its seed.
 *
 * <ul>
 *   <li>The seeds 1 to {@link #value()}, the same every run.
 *   <li>Then {@link #random()} fresh seeds, different every run: drawn from a base seed printed
 *       once per test JVM, which {@code -Dsyncmesh.seeds.base=B} sets to draw the same ones again.
 *       {@code -Dsyncmesh.seeds.random=K} makes it K for every property, 0 none.
 *   <li>{@code -Dsyncmesh.seed=N} runs seed N alone instead, at the size {@code -Dsyncmesh.size=S}
 *       when given.
 * </ul>
 *
 * <p>A failing case is shrunk: the same seed is rerun with {@link Gen}'s size budget halved from
 * the largest bound the case used down to 0, and the failure reports the smallest budget that still
 * fails. The message starts with the seed and the command that replays it, then that size and its
 * command. What shrinks is what is drawn through {@link Gen#size}, {@link Gen#string}, {@link
 * Gen#between}, {@link Gen#anyLong} and {@link Gen#depth} (so {@code JsonGen}'s values and {@code
 * TreeGen}'s edit sequences): collection sizes, string lengths, nesting depth, numbers towards
 * zero. What does not: {@link Gen#pick}, {@link Gen#oneIn}, {@link Gen#bytes}, and {@link
 * java.util.Random}'s own methods ({@code nextInt}, {@code nextLong}, ...), whose results a test
 * may need whole (an index, 32 bytes of a hash). The reruns call the method again on a fresh
 * instance of its class but run no {@code @BeforeEach} or {@code @AfterEach}.
 */
@Target(METHOD)
@Retention(RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(Seeds.Provider.class)
@ExtendWith(Seeds.Reporter.class)
public @interface Seeds {
  /** How many fixed seeds, that is how many random cases every run checks alike. */
  int value();

  /** How many fresh seeds each run adds; by default a quarter of {@link #value()}, at least 1. */
  int random() default -1;

  /** One {@link Gen} per seed. */
  final class Provider extends AnnotationBasedArgumentsProvider<Seeds> {
    private static final long BASE = base();

    @Override
    protected Stream<? extends Arguments> provideArguments(
        ParameterDeclarations parameters, ExtensionContext context, Seeds seeds) {
      String only = System.getProperty("syncmesh.seed");
      if (only != null && !only.isBlank()) {
        int size = Integer.getInteger("syncmesh.size", Gen.UNBOUNDED);
        Gen gen = new Gen(Long.parseLong(only.trim()), size);
        return Stream.of(Arguments.of(Named.of("seed " + gen, gen)));
      }
      Stream<Arguments> fixed =
          LongStream.rangeClosed(1, seeds.value())
              .mapToObj(seed -> Arguments.of(Named.of("seed " + seed, new Gen(seed))));
      long method = context.getRequiredTestMethod().toGenericString().hashCode();
      Stream<Arguments> fresh =
          LongStream.rangeClosed(1, randomCount(seeds))
              .map(i -> mix(BASE ^ mix(method) + i) & Long.MAX_VALUE)
              .mapToObj(
                  seed -> Arguments.of(Named.of("seed " + seed + " (random)", new Gen(seed))));
      return Stream.concat(fixed, fresh);
    }

    static int randomCount(Seeds seeds) {
      Integer everywhere = Integer.getInteger("syncmesh.seeds.random");
      if (everywhere != null) {
        return everywhere;
      }
      return seeds.random() >= 0 ? seeds.random() : Math.max(1, seeds.value() / 4);
    }

    private static long base() {
      Long given = Long.getLong("syncmesh.seeds.base");
      long base = given != null ? given : mix(System.nanoTime() ^ System.currentTimeMillis());
      System.out.println(
          "Seeds: this run's random seeds come from base "
              + base
              + " (-Dsyncmesh.seeds.base="
              + base
              + " draws them again)");
      return base;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }

  /** Shrinks a failing case and puts its seed and replay commands at the front of the failure. */
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
        Gen failing = gen(call.getArguments());
        PropertyFailure.Smaller smaller =
            PropertyFailure.shrink(failing, gen -> rerun(call, gen));
        throw PropertyFailure.report(replay(context), failing, e, smaller);
      }
    }

    private static Gen gen(List<Object> arguments) {
      return (Gen) arguments.stream().filter(Gen.class::isInstance).findFirst().orElseThrow();
    }

    /** The case's failure at {@code gen}, or null when it holds. */
    private static Throwable rerun(ReflectiveInvocationContext<Method> call, Gen gen) {
      List<Object> arguments = new ArrayList<>(call.getArguments());
      arguments.replaceAll(argument -> argument instanceof Gen ? gen : argument);
      Method method = call.getExecutable();
      method.setAccessible(true);
      try {
        method.invoke(target(call), arguments.toArray());
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause() instanceof TestAbortedException ? null : e.getCause();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot rerun " + method, e);
      }
    }

    /** A fresh instance, so that the first run's fields do not leak into the next. */
    private static Object target(ReflectiveInvocationContext<Method> call) {
      Object used = call.getTarget().orElse(null);
      try {
        var constructor = call.getTargetClass().getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        return used;
      }
    }

    private static String replay(ExtensionContext context) {
      String basedir = System.getProperty("basedir");
      String module = basedir == null ? "" : "-pl " + Path.of(basedir).getFileName() + " ";
      Class<?> test = context.getRequiredTestClass();
      String name = test.getName().substring(test.getPackageName().length() + 1);
      String method = context.getRequiredTestMethod().getName();
      return "mvn -o -q " + module + "test -Dtest=" + name + "#" + method;
    }
  }
}

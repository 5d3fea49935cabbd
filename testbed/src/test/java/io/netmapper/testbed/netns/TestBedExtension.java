package io.netmapper.testbed.netns;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link TestBed} (parameter of {@code @BeforeAll}, tests or constructors)
 * and closes it after the class, whether the tests passed or not.
 */
public final class TestBedExtension implements ParameterResolver, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TestBedExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestBed.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext =
        context.getRoot().equals(context) ? context : classContext(context);
    return classContext.getStore(NS).getOrComputeIfAbsent("bed", k -> new TestBed(), TestBed.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestBed bed = context.getStore(NS).remove("bed", TestBed.class);
    if (bed != null) {
      bed.close();
    }
  }
}

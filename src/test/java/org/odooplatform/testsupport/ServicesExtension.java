package org.odooplatform.testsupport;

import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Checks the services a {@link NeedsServices} test names before it runs, failing it when one is missing. */
public final class ServicesExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().ifPresent(ServicesExtension::require);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().ifPresent(ServicesExtension::require);
    }

    private static void require(AnnotatedElement element) {
        AnnotationSupport.findAnnotation(element, NeedsServices.class).ifPresent(needs -> {
            for (TestService service : needs.value()) {
                service.require();
            }
        });
    }
}

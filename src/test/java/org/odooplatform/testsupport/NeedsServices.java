package org.odooplatform.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that talks to real services. The README's test command starts
 * them; without them the test <em>fails</em> with the command to run (never skips), and the
 * {@code services} tag lets a developer select or exclude these tests ({@code -Dgroups=services}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("services")
@ExtendWith(ServicesExtension.class)
public @interface NeedsServices {
    TestService[] value();
}

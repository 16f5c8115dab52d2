package org.odooplatform.cli;

import org.odooplatform.project.Instance;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code test|integration|prod} (and historic {@code latest}); anything else is a usage error, exit 2. */
final class InstanceConverter implements ITypeConverter<Instance> {

    @Override
    public Instance convert(String value) {
        try {
            return Instance.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

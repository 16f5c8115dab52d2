package org.odooplatform.cli;

import org.odooplatform.common.BadInputException;
import org.odooplatform.image.ImageReference;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An image repository {@code [registry/]path}, without tag or digest ({@code image build --repository}):
 * checked by the image reference grammar and kept as written, since {@code --registry} may still
 * be prefixed to it. The one parser for this meaning; a full reference is {@link ImageReference#parse}.
 */
class ImageRepositoryConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(value);
        } catch (BadInputException e) {
            throw new TypeConversionException(e.getMessage() + " (expected a repository [REGISTRY/]PATH)");
        }
        if (ref.tag() != null || ref.digest() != null) {
            throw new TypeConversionException("'" + value + "': give the repository only ([REGISTRY/]PATH); the tag goes in --tag");
        }
        return value.trim();
    }
}

package org.odooplatform.cli;

import org.odooplatform.common.BadInputException;
import org.odooplatform.image.ImageReference;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A full image reference {@code [registry/]repository:tag} or {@code ...@sha256:digest} (the
 * {@code --image REF} meaning): the one parser of that meaning for the image commands, exit 2 with
 * the part that is wrong. A repository alone is {@link ImageRepositoryConverter}'s meaning.
 * deploy and diff keep their --image as written ({@code rancher.LaunchImage}, checked with every
 * other input at once by the deploy flow), so they do not use this converter.
 */
class ImageReferenceConverter implements ITypeConverter<ImageReference> {

    @Override
    public ImageReference convert(String value) {
        try {
            return ImageReference.parseSpecific(value);
        } catch (BadInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

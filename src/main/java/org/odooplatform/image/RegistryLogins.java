package org.odooplatform.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The registries a build or a push logs in to: one login per registry host of the images it
 * touches, and whether any of them is reached over plain HTTP. The environment's pair
 * ({@code REGISTRY_USERNAME}/{@code REGISTRY_PASSWORD}) is for the target registry only; another
 * host (a {@code BASE_IMAGE}'s) gets only its own entry of the registry config.
 */
public record RegistryLogins(List<RegistryLogin> logins, boolean insecure) {

    public RegistryLogins {
        logins = List.copyOf(logins);
    }

    /**
     * Logins for {@code target} and then {@code others}, the first image of a host deciding; {@code insecure}
     * says which images are reached over plain HTTP (an explicit option or a loopback registry).
     */
    public static RegistryLogins forImages(RegistryCredentials credentials, ImageReference target,
            List<ImageReference> others, Predicate<ImageReference> insecure) {
        List<ImageReference> images = new ArrayList<>(List.of(target));
        images.addAll(others);
        List<RegistryLogin> logins = new ArrayList<>();
        boolean anyInsecure = false;
        for (ImageReference ref : images) {
            boolean insecureHere = insecure.test(ref);
            anyInsecure |= insecureHere;
            if (logins.stream().noneMatch(l -> l.host().equals(ref.apiHost()))) {
                (ref == target ? credentials.forHost(ref.apiHost()) : credentials.forOtherHost(ref.apiHost()))
                        .ifPresent(c -> logins.add(new RegistryLogin(ref.apiHost(), c, insecureHere)));
            }
        }
        return new RegistryLogins(logins, anyInsecure);
    }
}

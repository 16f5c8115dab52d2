package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "registry-host", mixinStandardHelpOptions = true,
        description = {"Prints the registry an image name belongs to, as the key of a docker config.json's 'auths'",
            "(Docker Hub: https://index.docker.io/v1/). Reads nothing: the Jenkins steps ask here rather than",
            "repeat the rule."})
final class ImageRegistryHostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image repository or reference, e.g. registry.example.com/acme/acme_odoo:1.0.0.")
    String image;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ImageReference.parse(image).dockerConfigKey());
        return 0;
    }
}

package org.odooplatform.config;

import java.security.SecureRandom;
import java.util.List;

/**
 * Random database names in the heroku style the platform used ({@code adjective_noun_1234}),
 * which never contain the client's name.
 */
public final class DatabaseNameGenerator {

    private static final List<String> ADJECTIVES = List.of(
            "autumn", "hidden", "bitter", "misty", "silent", "empty", "dry", "dark", "summer", "icy",
            "delicate", "quiet", "white", "cool", "spring", "winter", "patient", "twilight", "dawn",
            "crimson", "wispy", "weathered", "blue", "billowing", "broken", "cold", "damp", "falling",
            "frosty", "green", "long", "late", "lingering", "bold", "little", "morning", "muddy", "old",
            "red", "rough", "still", "small", "sparkling", "shy", "wandering", "withered", "wild",
            "black", "young", "holy", "solitary", "fragrant", "aged", "snowy", "proud", "floral",
            "restless", "divine", "polished", "ancient", "purple", "lively", "nameless", "brave");
    private static final List<String> NOUNS = List.of(
            "waterfall", "river", "breeze", "moon", "rain", "wind", "sea", "morning", "snow", "lake",
            "sunset", "pine", "shadow", "leaf", "dawn", "glitter", "forest", "hill", "cloud", "meadow",
            "sun", "glade", "bird", "brook", "butterfly", "bush", "dew", "dust", "field", "fire",
            "flower", "firefly", "feather", "grass", "haze", "mountain", "night", "pond", "darkness",
            "snowflake", "silence", "sound", "sky", "shape", "surf", "thunder", "violet", "water",
            "wildflower", "wave", "resonance", "wood", "dream", "cherry", "tree", "fog", "frost",
            "voice", "paper", "frog", "smoke", "star", "otter", "heron");

    private final SecureRandom random;

    public DatabaseNameGenerator() {
        this(new SecureRandom());
    }

    DatabaseNameGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A fresh name that passes {@link DatabaseNamePolicy#clusterProblems} for this client. */
    public String generate(String client) {
        while (true) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                    + NOUNS.get(random.nextInt(NOUNS.size())) + "_" + (1000 + random.nextInt(9000));
            if (!DatabaseNamePolicy.revealsClient(name, client)) {
                return name;
            }
        }
    }
}

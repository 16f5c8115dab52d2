package org.odooplatform.common;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one masking component every output path goes through. It replaces each registered secret
 * by {@code ****}, and also the forms other tools have leaked: base64 (at any alignment, so a
 * {@code Basic base64(user:password)} header is caught whatever the user), URL-encoding and
 * JSON/shell escaping. Written by hand: no library masks derived encodings.
 */
public final class SecretMasker {

    /** Values shorter than this are not masked globally: masking "1" would garble all output. */
    static final int MIN_LENGTH = 4;

    /** The secret-name rule (config.SecretRule adds the documented public names). */
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE|APIKEY|API_KEY).*|.*_KEY|KEY"
                    + "|(.*_)?(PASS|PWD)(_.*)?");

    private static final SecretMasker GLOBAL = new SecretMasker();

    private final Set<String> forms = ConcurrentHashMap.newKeySet();
    /** The registered values themselves, without derived forms: what a process argument must not be. */
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    public static SecretMasker global() {
        return GLOBAL;
    }

    /** True when a variable of this name holds a secret by the platform's naming rules. */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    public void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        secrets.add(secret);
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\""));
        forms.add(secret.replace("'", "'\\''"));
        addBase64Forms(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers a {@code user:password} pair, as sent in HTTP basic auth or docker config files. */
    public void registerCredential(String user, String password) {
        register(password);
        if (user != null && password != null && password.length() >= MIN_LENGTH) {
            register(user + ":" + password);
        }
    }

    /** {@code text} with every registered secret and the user info of every URL replaced by {@code ****}. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = Urls.redact(text);
        if (forms.isEmpty()) {
            return masked;
        }
        // longest first, so a secret's base64 is masked whole before a shorter form could split it
        for (String form : forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            if (masked.contains(form)) {
                masked = masked.replace(form, Secret.MASK);
            }
        }
        return masked;
    }

    /** True when {@code value} is one of the registered secrets (exactly: not a part, not an encoding). */
    public boolean isSecret(String value) {
        return value != null && secrets.contains(value);
    }

    /** Forgets every secret (tests only: the global masker lives as long as the process). */
    public void clear() {
        secrets.clear();
        forms.clear();
    }

    /*
     * base64 encodes 3 bytes into 4 chars, so a secret embedded in a longer string encodes
     * differently depending on its offset mod 3. For each offset, encode it behind 0-2 filler
     * bytes and keep only the characters that depend solely on the secret's own bytes.
     */
    private void addBase64Forms(byte[] secret) {
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + secret.length];
            System.arraycopy(secret, 0, shifted, offset, secret.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int firstGroup = offset == 0 ? 0 : 1;
            int endGroup = shifted.length / 3; // exclusive: groups entirely made of the secret's bytes
            if ((endGroup - firstGroup) * 4 >= 6) {
                forms.add(encoded.substring(firstGroup * 4, endGroup * 4));
            }
        }
        forms.add(Base64.getEncoder().encodeToString(secret));
        forms.add(Base64.getUrlEncoder().encodeToString(secret));
    }
}

package org.odooplatform.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How many backups of a stack to keep ({@code db backup --keep}, {@code db refresh --keep},
 * {@code deploy --keep-backups}): 0 keeps all, at most {@link #MAX}. One rule for every such option.
 */
class BackupCountConverter implements ITypeConverter<Integer> {

    /** More than this is a typo, not a retention policy. */
    static final int MAX = 1000;

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX) {
            throw new TypeConversionException("'" + value + "': expected 0 (keep all) to " + MAX);
        }
        return n;
    }
}

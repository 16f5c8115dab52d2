package org.odooplatform.database;

import java.io.Console;

/** Asks the person at the terminal to type the database name before it is dropped. */
public interface Confirmation {

    /** True when stdin and stdout are a terminal someone can answer from. */
    boolean interactive();

    /** Prints the prompt and returns the line typed (null at end of input). */
    String ask(String prompt);

    /** The process' terminal, if it has one. */
    static Confirmation console() {
        return new Confirmation() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public String ask(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", prompt);
            }
        };
    }

    /** No terminal (CI, tests): only {@code --yes} lets a reset run. */
    Confirmation NONE = new Confirmation() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String ask(String prompt) {
            return null;
        }
    };
}

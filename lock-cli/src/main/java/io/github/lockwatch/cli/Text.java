package io.github.lockwatch.cli;

/** Text for a terminal: what comes from file names and file contents never acts on it. */
final class Text {

    private Text() {
    }

    /**
     * {@code s} with every control or invisible formatting character written visibly: {@code \n},
     * {@code \r}, {@code \t}, {@code \x1b}, {@code \u202e}... A file name can then neither split a table row
     * nor send escape sequences to the admin's terminal. Printable text, including non-ASCII letters, is
     * unchanged.
     */
    static String visible(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (esc != null) {
                    out.append(esc);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return String.format("\\x%02x", (int) c);
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}

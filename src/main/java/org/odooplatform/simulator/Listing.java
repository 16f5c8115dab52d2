package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cattle's collection envelope with filters, sort and pagination (gdapi's collection response). Filters
 * apply to the rendered resources' top-level fields; string equality ignores case like Cattle's
 * MySQL collation. Undeclared filter names are ignored.
 */
final class Listing {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 3000;

    record Condition(String field, String modifier, String value) {
    }

    static List<Map.Entry<String, String>> parseQuery(String query) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return result;
        }
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            result.add(Map.entry(k, v));
        }
        return result;
    }

    static ObjectNode collection(Schemas.Type type, List<ObjectNode> items, String selfUrl, String query, boolean creatable) {
        List<Map.Entry<String, String>> params = parseQuery(query);
        List<Condition> conditions = new ArrayList<>();
        String sort = null;
        boolean desc = false;
        int limit = DEFAULT_LIMIT;
        int offset = 0;
        for (Map.Entry<String, String> p : params) {
            String key = p.getKey();
            switch (key) {
                case "sort" -> sort = p.getValue();
                case "order" -> desc = "desc".equalsIgnoreCase(p.getValue());
                case "limit" -> limit = parseInt(p.getValue(), DEFAULT_LIMIT);
                case "marker" -> offset = p.getValue().startsWith("m") ? parseInt(p.getValue().substring(1), 0) : 0;
                default -> {
                    String field = key;
                    String modifier = "eq";
                    int us = key.lastIndexOf('_');
                    if (us > 0 && Schemas.MODIFIERS.contains(key.substring(us + 1))) {
                        field = key.substring(0, us);
                        modifier = key.substring(us + 1);
                    }
                    if (type.filters().contains(field)) {
                        conditions.add(new Condition(field, modifier, p.getValue()));
                    }
                }
            }
        }
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode item : items) {
            if (conditions.stream().allMatch(c -> matches(item.get(c.field()), c))) {
                matching.add(item);
            }
        }
        if (sort != null && type.filters().contains(sort)) {
            String field = sort;
            Comparator<ObjectNode> cmp = Comparator.comparing(o -> o.path(field).asText(""));
            matching.sort(desc ? cmp.reversed() : cmp);
        }
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        boolean more = offset + limit < matching.size();

        ObjectNode o = NODES.objectNode();
        o.put("type", "collection");
        o.put("resourceType", type.id());
        o.putObject("links").put("self", selfUrl);
        ObjectNode createTypes = o.putObject("createTypes");
        if (creatable) {
            createTypes.put(type.id(), selfUrl);
        }
        o.putObject("actions");
        ObjectNode pagination = o.putObject("pagination");
        pagination.putNull("first");
        pagination.putNull("previous");
        if (more) {
            pagination.put("next", selfUrl + "?" + replaceMarker(query, "m" + (offset + limit)));
        } else {
            pagination.putNull("next");
        }
        pagination.put("limit", limit);
        pagination.putNull("total");
        pagination.put("partial", more);
        if (sort == null) {
            o.putNull("sort");
        } else {
            o.put("sort", sort);
        }
        ObjectNode filters = o.putObject("filters");
        Map<String, List<Condition>> byField = new LinkedHashMap<>();
        conditions.forEach(c -> byField.computeIfAbsent(c.field(), k -> new ArrayList<>()).add(c));
        for (String f : type.filters()) {
            List<Condition> cs = byField.get(f);
            if (cs == null) {
                filters.putNull(f);
            } else {
                ArrayNode arr = filters.putArray(f);
                for (Condition c : cs) {
                    ObjectNode cond = arr.addObject();
                    cond.put("modifier", c.modifier());
                    if ("null".equals(c.modifier()) || "notnull".equals(c.modifier())) {
                        cond.putNull("value");
                    } else {
                        cond.put("value", c.value());
                    }
                }
            }
        }
        ObjectNode sortLinks = o.putObject("sortLinks");
        for (String f : type.filters()) {
            sortLinks.put(f, selfUrl + "?sort=" + f);
        }
        ArrayNode data = o.putArray("data");
        page.forEach(data::add);
        return o;
    }

    private static String replaceMarker(String query, String marker) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : parseQuery(query)) {
            if (!p.getKey().equals("marker")) {
                out.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)).append('&');
            }
        }
        return out.append("marker=").append(marker).toString();
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static boolean matches(JsonNode actual, Condition c) {
        boolean isNull = actual == null || actual.isNull();
        String text = isNull ? null : actual.isValueNode() ? actual.asText() : actual.toString();
        String v = c.value();
        return switch (c.modifier()) {
            case "null" -> isNull;
            case "notnull" -> !isNull;
            case "eq" -> !isNull && text.equalsIgnoreCase(v);
            case "ne" -> isNull || !text.equalsIgnoreCase(v);
            case "prefix" -> !isNull && text.toLowerCase(Locale.ROOT).startsWith(v.toLowerCase(Locale.ROOT));
            case "like" -> !isNull && like(v).matcher(text).matches();
            case "notlike" -> isNull || !like(v).matcher(text).matches();
            case "in", "or" -> !isNull && List.of(v.split(",")).stream().anyMatch(text::equalsIgnoreCase);
            case "notin" -> isNull || List.of(v.split(",")).stream().noneMatch(text::equalsIgnoreCase);
            case "lt", "lte", "gt", "gte" -> !isNull && compare(text, v, c.modifier());
            default -> true;
        };
    }

    private static Pattern like(String pattern) {
        String regex = java.util.Arrays.stream(pattern.split("%", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static boolean compare(String a, String b, String modifier) {
        int cmp;
        try {
            cmp = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            cmp = a.compareToIgnoreCase(b);
        }
        return switch (modifier) {
            case "lt" -> cmp < 0;
            case "lte" -> cmp <= 0;
            case "gt" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private Listing() {
    }
}

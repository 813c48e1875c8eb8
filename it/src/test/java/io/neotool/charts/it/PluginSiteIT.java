package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.shared.verifier.VerificationException;
import org.apache.maven.shared.verifier.Verifier;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin reference: {@code ./mvnw -pl neotool-maven-plugin site} (maven-plugin-report-plugin) builds one page per
 * goal, and each page lists every parameter a user can set with its {@code -D} property, its default and a description,
 * as the plugin descriptor has them. Built in the plugin module (neotool-maven-plugin/target/site), after the reactor
 * compiled it; the log goes to it/target/log-plugin-site.txt.
 */
class PluginSiteIT {

    @Test
    void everyGoalPageListsEveryParameterWithItsPropertyAndDefault() throws Exception {
        Path root = Path.of(System.getProperty("it.root")).toAbsolutePath().normalize();
        Path module = root.resolve("neotool-maven-plugin");
        Path site = module.resolve("target/site");
        Verifier verifier = new Verifier(module.toString());
        verifier.setAutoclean(false);
        verifier.setLocalRepo(System.getProperty("it.repo"));
        verifier.setLogFileName("../it/target/log-plugin-site.txt");
        verifier.addCliArguments("-B", "--no-transfer-progress", "-Dmaven.repo.local.tail=" + System.getProperty("it.buildRepo"),
                "site");
        try {
            verifier.execute();
        } catch (VerificationException e) {
            throw new AssertionError("./mvnw -pl neotool-maven-plugin site failed: " + root.resolve("it/target/log-plugin-site.txt"), e);
        }

        Document descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(module.resolve("target/classes/META-INF/maven/plugin.xml").toFile());
        List<String> missing = new ArrayList<>();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        assertTrue(mojos.getLength() >= 7, "goals: " + mojos.getLength());
        String overview = text(site.resolve("plugin-info.html"));
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal");
            Path page = site.resolve(goal + "-mojo.html");
            if (!Files.isRegularFile(page)) {
                missing.add(goal + ": no page " + page.getFileName());
                continue;
            }
            if (!overview.contains("neotool:" + goal)) {
                missing.add(goal + ": not on plugin-info.html");
            }
            String text = text(page);
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            NodeList parameters = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element p = (Element) parameters.item(j);
                if (!child(p, "editable").equals("true")) {
                    continue;
                }
                String name = child(p, "name");
                String detail = detailOf(text, name);
                if (detail == null) {
                    missing.add(goal + ": parameter " + name + " not listed");
                    continue;
                }
                if (!squash(detail).contains(opening(child(p, "description")))) {
                    missing.add(goal + ": " + name + " without its description");
                }
                Element config = configuration == null ? null : child(configuration, name, true);
                if (config != null) {
                    Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(config.getTextContent().strip());
                    if (property.matches() && !detail.contains("User Property : " + property.group(1))) {
                        missing.add(goal + ": " + name + " without its property " + property.group(1));
                    }
                    String def = config.getAttribute("default-value");
                    if (!def.isEmpty() && !detail.contains("Default : " + def)) {
                        missing.add(goal + ": " + name + " without its default " + def);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "the goal pages of " + site);
    }

    /** The part of a goal page's "Parameter Details" about {@code <name>}, up to the next parameter, or null. */
    private static String detailOf(String page, String name) {
        int details = page.indexOf("Parameter Details");
        int at = details < 0 ? -1 : page.indexOf(" <" + name + "> ", details);
        if (at < 0) {
            return null;
        }
        Matcher next = Pattern.compile(" <[A-Za-z]+> ").matcher(page);
        return page.substring(at, next.find(at + name.length() + 3) ? next.start() : page.length());
    }

    /** The opening letters and digits of a javadoc description, as the page renders it (markup and spacing aside). */
    private static String opening(String description) {
        String letters = squash(unescape(description.replaceAll("<[^>]+>", " ")));
        return letters.substring(0, Math.min(24, letters.length()));
    }

    private static String squash(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "");
    }

    /** A page's text: tags dropped, entities decoded, spaces collapsed. */
    private static String text(Path page) throws IOException {
        return unescape(Files.readString(page).replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " "))
                .replaceAll("\\s+", " ");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String child(Element parent, String tag) {
        Element e = child(parent, tag, true);
        return e == null ? "" : e.getTextContent().strip();
    }

    private static Element child(Element parent, String tag, boolean direct) {
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (!direct || nodes.item(i).getParentNode() == parent) {
                return (Element) nodes.item(i);
            }
        }
        return null;
    }
}

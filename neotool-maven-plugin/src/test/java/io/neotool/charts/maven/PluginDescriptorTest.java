package io.neotool.charts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code neotool:help -Ddetail} describes every goal and every parameter a user can set (from the plugin descriptor). */
class PluginDescriptorTest {
    @Test
    void everyGoalAndEveryEditableParameterHasADescription() throws Exception {
        Path descriptor = Path.of("target", "classes", "META-INF", "maven", "plugin.xml");
        assertTrue(Files.isRegularFile(descriptor), descriptor + " is written by maven-plugin-plugin before the tests");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile());
        List<String> undescribed = new ArrayList<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = text(mojo, "goal");
            if (text(mojo, "description").isBlank()) {
                undescribed.add(goal);
            }
            NodeList parameters = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element p = (Element) parameters.item(j);
                if (text(p, "editable").equals("true") && text(p, "description").isBlank()) {
                    undescribed.add(goal + ": " + text(p, "name"));
                }
            }
        }
        assertTrue(mojos.getLength() >= 7, "goals: " + mojos.getLength());
        assertEquals(List.of(), undescribed, "give these a javadoc comment: neotool:help prints it");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                return nodes.item(i).getTextContent().strip();
            }
        }
        return "";
    }
}

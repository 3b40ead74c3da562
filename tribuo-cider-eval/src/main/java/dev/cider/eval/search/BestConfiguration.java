package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.io.ConfigWriterException;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.config.xml.XMLConfigWriter;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentConfiguration;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.util.AtomicFiles;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a search chose, as an OLCUT configuration that {@code cider compare} runs: the base experiment's
 * configuration (extracted from its provenance) with its CIDer trainer's searched properties set to the chosen values
 * and its epochs to the last rung's, the experiment component named {@value #EXPERIMENT} and its title marked. The file
 * opens with a comment recording the search's provenance.
 */
public final class BestConfiguration {

    /** The name of the experiment component in the written configuration ({@code cider compare}'s default). */
    public static final String EXPERIMENT = "experiment";

    private BestConfiguration() {
    }

    /**
     * The configuration of the base experiment with the chosen values.
     * @param search The search.
     * @param values Trainer property (or dotted path, e.g. {@code architecture.hiddenDim}) to value (the chosen
     *               candidate's and the epochs).
     * @return The configuration, with the experiment named {@value #EXPERIMENT}.
     * @throws IllegalStateException if the base system's trainer cannot be found in the extracted configuration.
     */
    public static List<ConfigurationData> of(SearchExperiment search, Map<String, String> values) {
        ComparisonExperiment base = search.baseExperiment();
        List<ConfigurationData> extracted = ExperimentConfiguration.extract(base.getProvenance());
        String experimentName = ExperimentConfiguration.experimentName(extracted);
        String trainerName = trainerComponent(extracted, search.baseSystem().name());
        List<ConfigurationData> chosen = new ArrayList<>();
        for (ConfigurationData d : extracted) {
            chosen.add(d.copy());
        }
        CandidateTrainers.setProperties(chosen, trainerName, values);
        List<ConfigurationData> out = new ArrayList<>();
        for (ConfigurationData d : chosen) {
            if (!d.getName().equals(experimentName) && d.getName().equals(EXPERIMENT)) {
                throw new IllegalStateException("The base experiment's configuration already has a component named '" + EXPERIMENT + "'");
            }
            ConfigurationData copy = d;
            if (d.getName().equals(experimentName)) {
                Map<String, Property> properties = new LinkedHashMap<>(copy.getProperties());
                properties.put("title", new SimpleProperty(base.title() + " (CIDer hyper-parameters chosen by cider search on the valid split)"));
                copy = new ConfigurationData(EXPERIMENT, d.getClassName(), properties);
            }
            out.add(copy);
        }
        return out;
    }

    private static String trainerComponent(List<ConfigurationData> config, String systemName) {
        for (ConfigurationData d : config) {
            if (SystemSpec.class.getName().equals(d.getClassName()) && simple(d, "name").filter(systemName::equals).isPresent()) {
                return simple(d, "trainer").orElseThrow(() -> new IllegalStateException("System '" + systemName + "' records no trainer"));
            }
        }
        throw new IllegalStateException("The base experiment's configuration has no system named '" + systemName + "'");
    }

    private static Optional<String> simple(ConfigurationData d, String property) {
        return d.get(property).filter(SimpleProperty.class::isInstance).map(p -> ((SimpleProperty) p).getValue());
    }

    /**
     * Renders a configuration as OLCUT XML with a leading comment.
     * @param config The configuration.
     * @param comment The comment's lines (any "--" is replaced, which XML comments cannot hold).
     * @return The XML text.
     */
    public static String render(List<ConfigurationData> config, List<String> comment) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(text);
            XMLConfigWriter writer = new XMLConfigWriter(xml);
            writer.writeStartDocument();
            xml.writeCharacters("\n");
            StringBuilder c = new StringBuilder("\n");
            for (String line : comment) {
                c.append("  ").append(line.replace("--", "- -")).append('\n');
            }
            xml.writeComment(c.toString());
            writer.writeStartComponents();
            for (ConfigurationData d : config) {
                d.save(writer);
            }
            writer.writeEndComponents();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException | ConfigWriterException e) {
            throw new IllegalStateException("Could not render the chosen configuration: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /**
     * Writes a configuration atomically, after checking that it rebuilds into an experiment.
     * @param file The file.
     * @param config The configuration.
     * @param comment The comment's lines.
     * @return The rebuilt experiment.
     * @throws IOException if the file cannot be written.
     * @throws IllegalArgumentException if the configuration does not rebuild.
     */
    public static ComparisonExperiment write(Path file, List<ConfigurationData> config, List<String> comment) throws IOException {
        ComparisonExperiment rebuilt = ExperimentConfiguration.rebuild(config, EXPERIMENT);
        AtomicFiles.write(file, render(config, comment).getBytes(StandardCharsets.UTF_8));
        return rebuilt;
    }
}

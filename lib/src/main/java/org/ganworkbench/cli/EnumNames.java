package org.ganworkbench.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * An enum's values on the command line as users write them and read them: lower case with '-'
 * ({@code pixel-shuffle}; {@code PIXEL_SHUFFLE} and {@code pixel_shuffle} are taken too). As a
 * picocli converter it refuses other words listing these names; as completion candidates it puts
 * them in {@code --help} and bash completion, where picocli would show the Java constants.
 *
 * @param <E> the enum
 */
abstract class EnumNames<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {

    private final Class<E> type;

    EnumNames(Class<E> type) {
        this.type = type;
    }

    /** The name of a value as the command line writes it. */
    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private List<String> names() {
        return Arrays.stream(type.getEnumConstants()).map(EnumNames::name).toList();
    }

    @Override
    public E convert(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(wanted)) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("must be one of " + String.join(", ", names()) + ", got '"
                + value + "'");
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }
}

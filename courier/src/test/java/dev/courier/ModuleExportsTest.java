package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The API guard: only the public packages are exported, and every public type lives in one of them. */
class ModuleExportsTest {
    private static final Set<String> API_PACKAGES = Set.of("dev.courier", "dev.courier.auth", "dev.courier.transport",
            "dev.courier.service");

    @Test
    void moduleExportsExactlyTheApiPackages() throws IOException {
        try (InputStream in = Files.newInputStream(classesRoot().resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertThat(module.name()).isEqualTo("dev.courier");
            assertThat(module.exports()).allMatch(e -> !e.isQualified());
            assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source))
                    .containsExactlyInAnyOrderElementsOf(API_PACKAGES);
        }
    }

    @Test
    void everyPublicTypeOutsideInternalIsInAnExportedPackageAndLeaksNoInternals() throws Exception {
        for (Class<?> type : compiledClasses()) {
            String pkg = type.getPackageName();
            if (pkg.startsWith("dev.courier.internal")) {
                continue;
            }
            assertThat(API_PACKAGES).as("package of %s", type.getName()).contains(pkg);
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            assertThat(type.getDeclaredMethods())
                    .filteredOn(m -> Modifier.isPublic(m.getModifiers()))
                    .as("public methods of %s", type.getName())
                    .allSatisfy(m -> assertThat(signatureTypes(m))
                            .noneMatch(t -> t.getPackageName().startsWith("dev.courier.internal")
                                    || t.getPackageName().startsWith("io.netty")));
        }
    }

    @Test
    void everyPublicApiTypeHasAnExampleInItsJavadoc() throws IOException {
        Path sources = Path.of("src/main/java/dev/courier");
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> api = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/internal/")).collect(Collectors.toList());
            assertThat(api).isNotEmpty();
            for (Path file : api) {
                String text = Files.readString(file);
                assertThat(text).as("javadoc example in %s", file).contains("<pre>{@code");
            }
        }
    }

    private static List<Class<?>> signatureTypes(Method m) {
        return Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes())).collect(Collectors.toList());
    }

    private static Path classesRoot() {
        try {
            return Path.of(AsyncClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> compiledClasses() throws Exception {
        Path root = classesRoot();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> !name.contains("$"))
                    .map(name -> {
                        try {
                            return Class.forName(name, false, ModuleExportsTest.class.getClassLoader());
                        } catch (ClassNotFoundException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toList());
        }
    }
}

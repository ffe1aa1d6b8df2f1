package io.registry.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VersionIdTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "2024.06.10-153042",
            "2024.02.29-000000",   // leap day
            "2000.02.29-120000",   // leap day in a century divisible by 400
            "2024.12.31-235959",
            "2024.01.01-000000"})
    void acceptsARealCalendarDateAndTime(String value) {
        assertThat(VersionId.isValid(value)).isTrue();
        assertThat(new VersionId(value).value()).isEqualTo(value);
        assertThat(new VersionId(value)).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2023.02.29-000000",   // 2023 is not a leap year
            "1900.02.29-000000",   // nor is 1900
            "2024.02.30-000000",
            "2024.04.31-000000",
            "2024.13.01-000000",
            "2024.00.10-000000",
            "2024.06.00-000000",
            "2024.06.10-246000",   // hour 24
            "2024.06.10-240000",
            "2024.06.10-156000",   // minute 60
            "2024.06.10-153060"})  // second 60
    void rejectsAnImpossibleDateOrTime(String value) {
        assertThat(VersionId.isValid(value)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new VersionId(value));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            " ",
            "2024-06-10-153042",
            "2024.06.10.153042",
            "2024.06.10 153042",
            "2024.06.10T153042",
            "2024.6.10-153042",
            "2024.06.1-153042",
            "24.06.10-153042",
            "02024.06.10-153042",
            "2024.06.10-15304",
            "2024.06.10-1530420",
            "2024.06.10-15:30:42",
            "2024.06.10",
            "v2024.06.10-153042",
            " 2024.06.10-153042",
            "2024.06.10-153042 ",
            "2024.06.10-153042\n",
            "+2024.06.10-153042",
            "+12024.06.10-153042", // a signed five-digit year the date parser alone would take
            "12024.06.10-153042",
            "\u0662\u0660\u0662\u0664.06.10-153042"})  // non-ASCII digits
    void rejectsAWrongShape(String value) {
        assertThat(VersionId.isValid(value)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new VersionId(value));
    }
}

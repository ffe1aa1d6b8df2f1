package io.registry.cli.push;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class VersionIdsTest {

    @Test
    void the_default_version_id_is_the_utc_time_to_the_second() {
        assertThat(VersionIds.at(Instant.parse("2026-11-30T12:05:01.999Z"))).isEqualTo("2026.11.30-120501");
        assertThat(VersionIds.at(Instant.parse("2027-01-02T03:04:05Z"))).isEqualTo("2027.01.02-030405");
    }
}

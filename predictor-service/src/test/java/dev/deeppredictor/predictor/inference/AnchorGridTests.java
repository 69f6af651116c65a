package dev.deeppredictor.predictor.inference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class AnchorGridTests {

    private final AnchorGrid front = AnchorGrid.ssd(128, 8, 16, 16, 16);

    @Test
    void blazeFaceFrontHas896AnchorsInTwoGrids() {
        assertThat(this.front.size()).isEqualTo(16 * 16 * 2 + 8 * 8 * 6);
    }

    @Test
    void theFineGridComesFirstWithTwoAnchorsPerCellRowByRow() {
        // Cell (0, 0) of the 16x16 grid, twice.
        assertThat(this.front.centreX(0)).isCloseTo(0.5f / 16, within(1e-6f));
        assertThat(this.front.centreY(0)).isCloseTo(0.5f / 16, within(1e-6f));
        assertThat(this.front.centreX(1)).isEqualTo(this.front.centreX(0));
        // Cell (1, 0): x moves first.
        assertThat(this.front.centreX(2)).isCloseTo(1.5f / 16, within(1e-6f));
        assertThat(this.front.centreY(2)).isCloseTo(0.5f / 16, within(1e-6f));
        // Cell (0, 1) starts the second row.
        assertThat(this.front.centreX(32)).isCloseTo(0.5f / 16, within(1e-6f));
        assertThat(this.front.centreY(32)).isCloseTo(1.5f / 16, within(1e-6f));
        // Last cell of the fine grid.
        assertThat(this.front.centreX(511)).isCloseTo(15.5f / 16, within(1e-6f));
        assertThat(this.front.centreY(511)).isCloseTo(15.5f / 16, within(1e-6f));
    }

    @Test
    void theCoarseGridHasSixAnchorsPerCell() {
        for (int a = 512; a < 518; a++) {
            assertThat(this.front.centreX(a)).isCloseTo(0.5f / 8, within(1e-6f));
            assertThat(this.front.centreY(a)).isCloseTo(0.5f / 8, within(1e-6f));
        }
        assertThat(this.front.centreX(518)).isCloseTo(1.5f / 8, within(1e-6f));
        assertThat(this.front.centreX(895)).isCloseTo(7.5f / 8, within(1e-6f));
        assertThat(this.front.centreY(895)).isCloseTo(7.5f / 8, within(1e-6f));
    }

    @Test
    void refusesNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorGrid.ssd(0, 8));
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorGrid.ssd(128));
    }

}

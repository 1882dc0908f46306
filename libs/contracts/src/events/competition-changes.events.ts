import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { COMPETITION_PHASES, EditionSnapshot, PhaseWindow, type CompetitionPhase } from './competition.events.js';

/** One phase whose dates changed: what they were and what they are now. */
export class ScheduleChange {
  @ApiProperty({ enum: COMPETITION_PHASES }) @IsIn(COMPETITION_PHASES) phase: CompetitionPhase;
  @ApiProperty({ type: PhaseWindow }) @IsObject() @ValidateNested() @Type(() => PhaseWindow) before: PhaseWindow;
  @ApiProperty({ type: PhaseWindow }) @IsObject() @ValidateNested() @Type(() => PhaseWindow) after: PhaseWindow;
}

/**
 * competition.schedule-changed v1: the edition's admin extended or moved phases that had not ended
 * (KIPP 2023's window was extended), with the reason; the edition carries the whole new schedule.
 */
export class CompetitionScheduleChangedV1 {
  @ApiProperty({ type: EditionSnapshot }) @IsObject() @ValidateNested() @Type(() => EditionSnapshot) edition: EditionSnapshot;
  @ApiProperty({ type: [ScheduleChange], description: 'Only the phases whose dates changed' })
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ScheduleChange)
  changes: ScheduleChange[];
  @ApiProperty({ example: 'Permintaan perpanjangan dari OPD' }) @IsString() reason: string;
}

/** competition.rules-changed v1: criteria, weights or eligibility changed before the window opened. */
export class CompetitionRulesChangedV1 {
  @ApiProperty({ type: EditionSnapshot }) @IsObject() @ValidateNested() @Type(() => EditionSnapshot) edition: EditionSnapshot;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() reason: string | null;
}

export class PanelSummary {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ example: 'Panel A' }) @IsString() @MaxLength(80) name: string;
  @ApiProperty({ type: [String], description: "The panel's jurors (token subjects)" }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true }) jurorIds: string[];
  @ApiProperty({ description: 'How many entries the panel scores' }) @IsInt() @Min(0) entries: number;
}

/**
 * competition.panels-changed v1: the admin split the jury into panels (or changed or dissolved
 * them). Each panel scores its own entries; entries in no panel are scored by the whole jury.
 */
export class CompetitionPanelsChangedV1 {
  @ApiProperty({ format: 'uuid' }) @IsUUID() editionId: string;
  @ApiProperty({ type: [PanelSummary], description: 'The whole layout after the change; empty when the panels were dissolved' })
  @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PanelSummary)
  panels: PanelSummary[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { UniqueBy } from './edition.dto.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));

/** Upper bounds that also bound competition.panels-changed: a jury is tens of people, an edition thousands of entries. */
export const PANEL_LIMITS = { panels: 20, jurorsPerPanel: 50, entriesPerPanel: 5000, name: 80 } as const;

export class PanelDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing panel of the edition; omit to create one' })
  @IsOptional() @IsUUID()
  id?: string;

  @ApiProperty({ example: 'Panel A' }) @IsString() @trim() @IsNotEmpty() @MaxLength(PANEL_LIMITS.name) name: string;

  @ApiProperty({ type: [String], description: "The panel's jurors: token subjects of jurors assigned to the edition, each in one panel at most" })
  @IsArray() @ArrayMaxSize(PANEL_LIMITS.jurorsPerPanel) @IsString({ each: true }) @MaxLength(200, { each: true })
  jurorIds: string[];

  @ApiProperty({ type: [String], description: 'The entries this panel scores, each in one panel at most; entries in no panel are scored by the whole jury' })
  @IsArray() @ArrayMaxSize(PANEL_LIMITS.entriesPerPanel) @IsUUID('all', { each: true })
  entryIds: string[];
}

/** The whole panel layout of an edition: panels not listed are dissolved, their jurors and entries back with the whole jury. */
export class PanelLayoutDto {
  @ApiProperty({ type: [PanelDto] })
  @IsArray() @ArrayMaxSize(PANEL_LIMITS.panels) @UniqueBy('name') @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PanelDto)
  panels: PanelDto[];
}

export class PanelView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) jurorIds: string[];
  @ApiProperty({ type: [String] }) entryIds: string[];
}

export class PanelsView {
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty({ type: [PanelView] }) panels: PanelView[];
  @ApiProperty({ description: 'Entries that may be scored (submitted onwards) and are in no panel: the whole jury scores them' }) unassignedEntries: number;
}

import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@lumbung/platform';

export class RegistryEnv extends ServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  override PORT = 3001;
}

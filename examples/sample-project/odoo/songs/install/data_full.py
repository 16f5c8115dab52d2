# -*- coding: utf-8 -*-
import anthem


@anthem.log
def main(ctx):
    """ Production data (MARABUNTA_MODE=full) """

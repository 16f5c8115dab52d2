# -*- coding: utf-8 -*-
import anthem


@anthem.log
def main(ctx):
    """ Demo data (MARABUNTA_MODE=demo) """

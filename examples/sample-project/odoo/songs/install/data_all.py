# -*- coding: utf-8 -*-
import anthem


@anthem.log
def main(ctx):
    """ Data loaded in every mode """
